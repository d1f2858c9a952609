// Filters every image of a folder with ConvNet's Convolve (edge kernel) and Mean (radius 2, stride 2)
// and saves the results as 32-bit TIFFs.
// Argument (optional): "input=[folder] output=[folder]"; defaults: sample-images and results/filter-folder
// in the ImageJ folder. Relative folders are taken from the current folder; missing output folders are created.
// Run it from Fiji, or headless: ./convnet --macro macros/filter-folder.ijm "input=[...] output=[...]"
// A bad argument, a missing input folder or a folder without images ends the macro with a message (headless:
// a non-zero exit code).
arg = getArgument();
checkKeys(arg, newArray("input", "output"));
home = getDirectory("imagej");
input = absolute(call("ij.Macro.getValue", arg, "input", home + "sample-images"));
output = absolute(call("ij.Macro.getValue", arg, "output", home + "results" + File.separator + "filter-folder"));
if (!endsWith(input, File.separator)) input = input + File.separator;
if (!endsWith(output, File.separator)) output = output + File.separator;
if (!File.isDirectory(input)) exit("the input folder " + input + " does not exist: give input=[folder]");
makeFolders(output);
if (!File.isDirectory(output)) exit("cannot create the output folder " + output);
setBatchMode(true);
list = getFileList(input);
count = 0;
for (i = 0; i < list.length; i++) {
	name = toLowerCase(list[i]);
	if (!(endsWith(name, ".png") || endsWith(name, ".tif") || endsWith(name, ".tiff") || endsWith(name, ".jpg")))
		continue;
	open(input + list[i]);
	original = getImageID();
	base = File.nameWithoutExtension;
	run("Convolve", "kernel=[-1 -1 -1; -1 8 -1; -1 -1 -1] padding=mirror stride=1");
	saveAs("Tiff", output + base + "-edges.tif");
	close();
	selectImage(original);
	run("Mean", "radius=2 padding=clamp stride=2");
	saveAs("Tiff", output + base + "-mean.tif");
	close();
	selectImage(original);
	close();
	count++;
}
if (count == 0) exit("no images (.png, .tif, .tiff, .jpg) in " + input);
print("filtered " + count + " images into " + output);

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
