// Trains a small CNN on a labelled folder (one subfolder per class) with ConvNet's Train Classifier, evaluates it
// on the same folder (use a separate test folder for real numbers) and classifies every image of the folder into a
// CSV table. Argument (optional): "data=[folder] output=[folder]"; defaults: sample-images/labelled and
// results/train-classifier in the ImageJ folder. Headless: ./convnet --macro macros/train-classifier.ijm "output=[...]"
// Relative folders are taken from the current folder; a bad argument ends the macro with a message.
arg = getArgument();
checkKeys(arg, newArray("data", "output"));
home = getDirectory("imagej");
data = absolute(call("ij.Macro.getValue", arg, "data", home + "sample-images" + File.separator + "labelled"));
output = absolute(call("ij.Macro.getValue", arg, "output", home + "results" + File.separator + "train-classifier"));
if (!File.isDirectory(data)) exit("the data folder " + data + " does not exist: give data=[labelled folder]");
if (!endsWith(output, File.separator)) output = output + File.separator;
makeFolders(output);
if (!File.isDirectory(output)) exit("cannot create the output folder " + output);
setBatchMode(true);
model = output + "model";
run("Train Classifier", "data=[" + data + "] validation=0.2 architecture=custom width=32 height=32 channels=3 " +
	"filters=8,16 units=32 epochs=5 batch=16 optimizer=adam rate=0.001 fliph seed=3 output=[" + model + "] overwrite");
run("Evaluate Model", "model=[" + model + "] data=[" + data + "]");
saveAs("Tiff", output + "confusion.tif");
close();
run("Classify", "model=[" + model + "] input=[" + data + "] output=[" + output + "classes.csv]");
print("trained, evaluated and classified " + data + " into " + output);

// A key the macro does not know is a typo, not a default.
function checkKeys(arg, known) {
	words = split(replace(arg, "\\[[^\\]]*\\]", ""), " ");
	for (i = 0; i < words.length; i++) {
		key = words[i];
		if (indexOf(key, "=") >= 0) key = substring(key, 0, indexOf(key, "="));
		ok = false;
		for (k = 0; k < known.length; k++) if (key == known[k]) ok = true;
		if (!ok) exit("unknown key '" + key + "' in the argument: the keys are " + String.join(known, ", "));
	}
}

// A relative path is taken from the current folder (where the launcher or ImageJ was started).
function absolute(path) {
	if (startsWith(path, "/") || startsWith(path, "\\") || matches(path, "^[A-Za-z]:.*")) return path;
	return call("java.lang.System.getProperty", "user.dir") + File.separator + path;
}

// File.makeDirectory creates one folder: the missing parents first.
function makeFolders(path) {
	parent = File.getParent(path);
	if (parent != "" && !File.isDirectory(parent)) makeFolders(parent);
	File.makeDirectory(path);
}
