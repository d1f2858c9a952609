// Transfer learning from a labelled folder to probability maps: imports the pretrained MobileNetV2 (TF.js),
// fine-tunes it on the gland / stroma tiles of sample-images/labelled, and maps both classes over ihc.png,
// the image the tiles came from. Saves the fine-tuned model folder and the maps (a 2-slice 32-bit TIFF).
// Argument (optional): "output=[folder] data=[labelled folder] pretrained=[TF.js model folder]"; defaults:
// results/transfer-learning, sample-images/labelled and sample-images/mobilenet_v2_tfjs in the ImageJ folder.
// Headless: ./convnet --macro macros/transfer-learning.ijm "output=[/tmp/tl]"
arg = getArgument();
home = getDirectory("imagej");
output = call("ij.Macro.getValue", arg, "output", home + "results" + File.separator + "transfer-learning");
data = call("ij.Macro.getValue", arg, "data", home + "sample-images" + File.separator + "labelled");
pretrained = call("ij.Macro.getValue", arg, "pretrained", home + "sample-images" + File.separator + "mobilenet_v2_tfjs");
if (!endsWith(output, File.separator)) output = output + File.separator;
File.makeDirectory(output);
if (!File.isDirectory(output)) exit("cannot create the output folder " + output);
setBatchMode(true);
// the tiles are 32 x 32: MobileNetV2 at 64 x 64 is plenty and fast
base = output + "mobilenetv2-64";
run("Import Model", "source=[" + pretrained + "] architecture=auto inputsize=64 output=[" + base + "] overwrite");
model = output + "gland-stroma";
run("Transfer Learning", "model=[" + base + "] data=[" + data + "] strategy=finetune freeze=block_12_add epochs=5 " +
	"rate=0.01 seed=1 output=[" + model + "] overwrite");
open(home + "sample-images" + File.separator + "ihc.png");
run("Probability Map", "model=[" + model + "] window=32 stride=32");
saveAs("Tiff", output + "ihc-probability-maps.tif");
print("fine-tuned model in " + model + "; probability maps (" + nSlices + " classes) in " + output +
	"ihc-probability-maps.tif");
