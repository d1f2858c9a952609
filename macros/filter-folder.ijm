// Filters every image of a folder with ConvNet's Convolve (edge kernel) and Mean (radius 2, stride 2)
// and saves the results as 32-bit TIFFs.
// Argument (optional): "input=[folder] output=[folder]"; defaults: sample-images and results/filter-folder
// in the ImageJ folder. Run it from Fiji, or headless: ./convnet --macro macros/filter-folder.ijm "input=[...]"
arg = getArgument();
home = getDirectory("imagej");
input = call("ij.Macro.getValue", arg, "input", home + "sample-images");
output = call("ij.Macro.getValue", arg, "output", home + "results" + File.separator + "filter-folder");
if (!endsWith(input, File.separator)) input = input + File.separator;
if (!endsWith(output, File.separator)) output = output + File.separator;
File.makeDirectory(output);
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
print("filtered " + count + " images into " + output);
