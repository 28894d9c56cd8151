import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../lib/package-root.js';
import { emptyModel, type SpamModel } from './classifier.js';
import { FEATURES_BEFORE_049, type FeatureOptions } from './text.js';

/**
 * The shipped model as a small JSON file: only the non-zero weights, indexes delta-coded as varints and weights
 * quantised to 16 bits, both base64. A model of ~40k features stays near 200 KB, diffs as one line per field, and
 * loads in a few milliseconds.
 */
export interface ModelFile {
  format: 'reelhouse-spam-lr-1';
  bits: number;
  bias: number;
  /** The logit's calibration (classifier.ts); files written before it had none: identity. */
  calibration?: { scale: number; shift: number };
  /** The feature families the model reads (text.ts); files written before decision 049 have none: FEATURES_BEFORE_049. */
  featureSet?: FeatureOptions;
  /** Weight = quantised value × scale. */
  scale: number;
  features: number;
  indexes: string;
  weights: string;
  /** What it was trained on, so a rebuilt model can be compared with the committed one. */
  trainedOn: { files: string[]; comments: number; spam: number; sha256: string };
}

export function encodeModel(model: SpamModel, trainedOn: ModelFile['trainedOn']): ModelFile {
  const indexes: number[] = [];
  let max = 0;
  for (let i = 0; i < model.weights.length; i++) {
    const w = model.weights[i]!;
    if (w !== 0) {
      indexes.push(i);
      max = Math.max(max, Math.abs(w));
    }
  }
  const scale = max / 32767 || 1;
  const varints: number[] = [];
  let previous = 0;
  for (const index of indexes) {
    let delta = index - previous;
    previous = index;
    while (delta >= 0x80) {
      varints.push((delta & 0x7f) | 0x80);
      delta >>>= 7;
    }
    varints.push(delta);
  }
  const quantised = new Int16Array(indexes.map((i) => Math.round(model.weights[i]! / scale)));
  return {
    format: 'reelhouse-spam-lr-1',
    bits: model.bits,
    bias: Number(model.bias.toPrecision(9)),
    calibration: {
      scale: Number(model.calibration.scale.toPrecision(9)),
      shift: Number(model.calibration.shift.toPrecision(9)),
    },
    featureSet: model.features,
    scale: Number(scale.toPrecision(9)),
    features: indexes.length,
    indexes: Buffer.from(varints).toString('base64'),
    weights: Buffer.from(quantised.buffer).toString('base64'),
    trainedOn,
  };
}

export function decodeModel(file: ModelFile): SpamModel {
  if (file.format !== 'reelhouse-spam-lr-1') throw new Error(`unknown spam model format "${String(file.format)}"`);
  const model = emptyModel(file.bits, file.featureSet ? { ...file.featureSet } : FEATURES_BEFORE_049);
  model.bias = file.bias;
  if (file.calibration) model.calibration = { ...file.calibration };
  const varints = Buffer.from(file.indexes, 'base64');
  const raw = Buffer.from(file.weights, 'base64');
  const weights = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  let index = 0;
  let position = 0;
  for (let n = 0; n < file.features; n++) {
    let delta = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = varints[position++]!;
      delta |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    index += delta;
    model.weights[index] = weights[n]! * file.scale;
  }
  return model;
}

/** Identifies a model file's content: feedback learned on top of one model is replayed when it changes. */
export const modelFileId = (file: ModelFile) =>
  createHash('sha256')
    .update(file.indexes)
    .update(file.weights)
    .update(String(file.bias))
    .update(JSON.stringify(file.calibration ?? null))
    .update(JSON.stringify(file.featureSet ?? null))
    .digest('hex')
    .slice(0, 16);

export const SHIPPED_MODEL_PATH = () => join(packageRoot(), 'data', 'spam-model.json');
export const SHIPPED_CORPUS_PATH = () => join(packageRoot(), 'data', 'spam-corpus');

let shipped: { file: ModelFile; model: SpamModel; id: string } | undefined;

/** The model committed in data/spam-model.json, decoded once per process. */
export function loadShippedModel(): { file: ModelFile; model: SpamModel; id: string } {
  if (!shipped) {
    const file = JSON.parse(readFileSync(SHIPPED_MODEL_PATH(), 'utf8')) as ModelFile;
    shipped = { file, model: decodeModel(file), id: modelFileId(file) };
  }
  return shipped;
}
