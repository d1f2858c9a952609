// Trains a small CNN on a labelled folder (one subfolder per class) with ConvNet's Train Classifier, evaluates it
// on the same folder (use a separate test folder for real numbers) and classifies every image of the folder into a
// CSV table. Argument (optional): "data=[folder] output=[folder]"; defaults: sample-images/labelled and
// results/train-classifier in the ImageJ folder. Headless: ./convnet --macro macros/train-classifier.ijm "output=[...]"
arg = getArgument();
home = getDirectory("imagej");
data = call("ij.Macro.getValue", arg, "data", home + "sample-images" + File.separator + "labelled");
output = call("ij.Macro.getValue", arg, "output", home + "results" + File.separator + "train-classifier");
if (!endsWith(output, File.separator)) output = output + File.separator;
File.makeDirectory(output);
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
