// Makes the reference outputs of the MobileNetV2 test model with TensorFlow.js itself (pure-JS CPU backend).
//
// Usage (from this folder):  npm ci && node make-reference.js [modelDir] [imageDir] [outDir]
// Defaults: ../../../sample-images/mobilenet_v2_tfjs, ../../../sample-images,
//           ../resources/org/convnetij/transfer/mobilenetv2-reference
//
// Everything written is little-endian float32 plus index.json (shapes, offsets, versions).
// The input tensors are written too, so that other implementations feed exactly the same numbers.
'use strict';

const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfl = require('@tensorflow/tfjs-layers');

const here = __dirname;
const modelDir = path.resolve(process.argv[2] || path.join(here, '../../../sample-images/mobilenet_v2_tfjs'));
const imageDir = path.resolve(process.argv[3] || path.join(here, '../../../sample-images'));
const outDir = path.resolve(process.argv[4]
	|| path.join(here, '../resources/org/convnetij/transfer/mobilenetv2-reference'));

const SIZE = 224;

// Crops of real microscopy images (x, y, width, height in pixels of the source image).
const IMAGES = [
	{ name: 'ihc_crop', file: 'ihc.png', x: 128, y: 128, width: 256, height: 256 },
	{ name: 'cell_crop', file: 'cell.png', x: 55, y: 110, width: 440, height: 440 },
	{ name: 'microaneurysms', file: 'microaneurysms.png', x: 0, y: 0, width: 102, height: 102 },
];

// A file-based IOHandler: model.json and its shards from the local folder, no HTTP.
function fileHandler(dir) {
	return {
		load: async () => {
			const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
			const weightSpecs = [];
			const buffers = [];
			for (const group of json.weightsManifest) {
				weightSpecs.push(...group.weights);
				for (const p of group.paths) {
					// The shard of the test model is stored as <path>.bin; take the exact name when it exists.
					const exact = path.join(dir, p);
					buffers.push(fs.readFileSync(fs.existsSync(exact) ? exact : exact + '.bin'));
				}
			}
			const all = Buffer.concat(buffers);
			const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
			return { modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format,
				generatedBy: json.generatedBy, convertedBy: json.convertedBy };
		},
	};
}

// RGB crop of a PNG (gray images get their value in all three channels) as a [h, w, 3] float32 tensor of 0..255.
function rgbCrop(spec) {
	const png = PNG.sync.read(fs.readFileSync(path.join(imageDir, spec.file)));
	if (spec.x + spec.width > png.width || spec.y + spec.height > png.height) {
		throw new Error(`crop ${JSON.stringify(spec)} outside ${png.width}x${png.height}`);
	}
	const rgb = new Float32Array(spec.width * spec.height * 3);
	for (let y = 0; y < spec.height; y++) {
		for (let x = 0; x < spec.width; x++) {
			const s = ((spec.y + y) * png.width + spec.x + x) * 4;
			const d = (y * spec.width + x) * 3;
			rgb[d] = png.data[s];
			rgb[d + 1] = png.data[s + 1];
			rgb[d + 2] = png.data[s + 2];
		}
	}
	return tf.tensor3d(rgb, [spec.height, spec.width, 3]);
}

function writeFloats(name, tensor, index, note) {
	const data = tensor.dataSync();
	const buf = Buffer.alloc(data.length * 4);
	for (let i = 0; i < data.length; i++) {
		buf.writeFloatLE(data[i], i * 4);
	}
	fs.writeFileSync(path.join(outDir, name), buf);
	index.files[name] = { shape: tensor.shape, dtype: 'float32', byteOrder: 'little-endian', note };
}

async function main() {
	await tf.setBackend('cpu');
	fs.mkdirSync(outDir, { recursive: true });
	const model = await tfl.loadLayersModel(fileHandler(modelDir));

	// Preprocessing of the model's authors: RGB / 255, bilinear resize to 224 x 224 (tf.image.resizeBilinear with
	// its defaults: alignCorners = false, halfPixelCenters = false).
	const input = tf.tidy(() => tf.stack(IMAGES.map(spec =>
		tf.div(tf.image.resizeBilinear(rgbCrop(spec), [SIZE, SIZE]), 255))));

	const outRelu = model.getLayer('out_relu').output;
	const probabilitiesOutput = model.outputs[0];
	const bodyLayers = model.layers.filter(l => l.getClassName() !== 'InputLayer'
		&& l.outputShape.length === 4);
	const probe = tfl.model({ inputs: model.inputs, outputs: [probabilitiesOutput, outRelu] });
	const [probabilities, features] = probe.predict(input);
	const featureMeans = tf.mean(features, [1, 2]);

	// Spatial means of every 4-D layer output for image 0: shows where two implementations start to differ.
	const layerProbe = tfl.model({ inputs: model.inputs, outputs: bodyLayers.map(l => l.output) });
	const first = tf.slice(input, [0, 0, 0, 0], [1, SIZE, SIZE, 3]);
	const layerOutputs = layerProbe.predict(first);
	const layerMeanParts = layerOutputs.map(t => tf.mean(t, [0, 1, 2]));
	const layerMeans = tf.concat(layerMeanParts);

	const index = {
		description: 'TensorFlow.js reference outputs of the MobileNetV2 test model (sample-images/mobilenet_v2_tfjs)',
		tfjs: { core: tf.version_core, layers: tfl.version_layers, backend: tf.getBackend() },
		node: process.version,
		command: 'cd src/test/tfjs && npm ci && node make-reference.js',
		preprocessing: 'RGB crop (gray PNGs: value in R, G and B), tf.image.resizeBilinear to 224x224 '
			+ '(alignCorners=false, halfPixelCenters=false), then / 255',
		images: IMAGES.map(s => ({ ...s, file: 'sample-images/' + s.file })),
		files: {},
		layerMeans: [],
	};
	writeFloats('inputs.f32', input, index, 'model inputs, NHWC, images in the order of "images"');
	writeFloats('probabilities.f32', probabilities, index, 'dense_3 softmax output of the full model');
	writeFloats('out_relu_mean.f32', featureMeans, index, 'out_relu averaged over the 7 x 7 positions');
	writeFloats('out_relu_image0.f32', tf.slice(features, [0, 0, 0, 0], [1, 7, 7, 1280]), index,
		'full out_relu map of image 0, NHWC');
	writeFloats('layer_means_image0.f32', layerMeans, index,
		'image 0: every 4-D layer output averaged over H and W, concatenated in the order of "layerMeans"');
	let offset = 0;
	bodyLayers.forEach((l, i) => {
		const channels = layerMeanParts[i].shape[0];
		index.layerMeans.push({ layer: l.name, offset, channels });
		offset += channels;
	});
	fs.writeFileSync(path.join(outDir, 'index.json'), JSON.stringify(index, null, 1) + '\n');

	const p = probabilities.arraySync();
	console.log(`tfjs-core ${tf.version_core}, tfjs-layers ${tfl.version_layers}, backend ${tf.getBackend()}`);
	IMAGES.forEach((s, i) => console.log(`${s.name}: probabilities ${p[i].map(v => v.toFixed(6)).join(' ')}`));
	console.log(`wrote ${Object.keys(index.files).length} files and index.json to ${outDir}`);
}

main().catch(e => {
	console.error(e);
	process.exit(1);
});
