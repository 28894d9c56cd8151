import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../../lib/package-root.js';
import { DEFAULT_SETTINGS } from '../settings/index.js';
import { DEFAULT_TRAIN_OPTIONS, LEARNING, type LearningOptions, type TrainOptions } from './classifier.js';
import { runEvaluation } from './evaluate.js';
import { loadShippedModel, SHIPPED_CORPUS_PATH, SHIPPED_MODEL_PATH } from './model-file.js';
import { readScoreInput, ScoreInputError, scoreInputs, summarise } from './score-file.js';
import { runSweep } from './sweep.js';
import { type FeatureOptions, SHIPPED_FEATURES } from './text.js';
import { trainFromCorpus, writeModelFile } from './train.js';

const threshold = (name: string) => (value: string) => {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new Error(`${name}: expected a number from 0 to 1, got "${value}"`);
  return n;
};

/**
 * The shared data sets sit beside the checkout (`../shared/data`); from a git worktree kept one folder deeper
 * than the checkout they are two levels up. The first that exists, else the first (reported as not found).
 */
function defaultSharedData(): string {
  const candidates = [join(packageRoot(), '..', 'shared', 'data'), join(packageRoot(), '..', '..', 'shared', 'data')];
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}

/** `--train` of `spam sweep`: known keys only, numbers, and the feature switches merged over the shipped ones. */
function parseTrainOptions(json: string): Partial<TrainOptions> {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(json) as Record<string, unknown>;
  } catch {
    throw new Error(`--train: expected JSON like {"l2":0.001}, got "${json}"`);
  }
  const options: Partial<TrainOptions> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === 'features') {
      const features = { ...SHIPPED_FEATURES };
      for (const [name, setting] of Object.entries(value as Record<string, unknown>)) {
        if (!(name in SHIPPED_FEATURES)) {
          throw new Error(`--train: unknown feature "${name}" (known: ${Object.keys(SHIPPED_FEATURES).join(', ')})`);
        }
        if (typeof setting !== typeof SHIPPED_FEATURES[name as keyof FeatureOptions]) {
          throw new Error(`--train: feature "${name}" has the wrong type: ${JSON.stringify(setting)}`);
        }
        Object.assign(features, { [name]: setting });
      }
      options.features = features;
    } else if (key in DEFAULT_TRAIN_OPTIONS && typeof value === 'number' && value >= 0) {
      Object.assign(options, { [key]: value });
    } else {
      throw new Error(`--train: "${key}" is not a training setting, or not a number from 0 up`);
    }
  }
  return options;
}

/** `reelhouse spam …`: score files with the shipped model, rebuild it, evaluate it. None of these needs a database. */
export function registerSpamCli(program: Command): void {
  const spam = program.command('spam').description('the built-in comment spam filter');

  spam
    .command('score')
    .description(
      'score a CSV (CONTENT[,AUTHOR][,CLASS]) or JSON Lines file ({"body",…}); one JSON line per input on stdout, measures on stderr when labelled',
    )
    .argument('<file>', 'the file to score')
    .option('--pending-above <score>', 'uncertain from this score', threshold('--pending-above'))
    .option('--spam-above <score>', 'spam from this score', threshold('--spam-above'))
    .action((file: string, options: { pendingAbove?: number; spamAbove?: number }) => {
      if (!existsSync(file)) throw new Error(`cannot score ${file}: no such file`);
      let inputs: ReturnType<typeof readScoreInput>;
      try {
        inputs = readScoreInput(file);
      } catch (error) {
        if (error instanceof ScoreInputError) throw new Error(`cannot score ${error.message}`);
        throw error;
      }
      const thresholds = {
        spamPendingAbove: options.pendingAbove ?? DEFAULT_SETTINGS.spamPendingAbove,
        spamRejectAbove: options.spamAbove ?? DEFAULT_SETTINGS.spamRejectAbove,
      };
      const out: string[] = [];
      const { confusion, labelled } = scoreInputs(inputs, loadShippedModel().model, thresholds, (scored) => {
        out.push(JSON.stringify(scored));
        if (out.length >= 1000) process.stdout.write(`${out.splice(0).join('\n')}\n`);
      });
      if (out.length) process.stdout.write(`${out.join('\n')}\n`);
      if (labelled > 0) process.stderr.write(`${summarise(confusion, labelled)}\n`);
    });

  spam
    .command('train')
    .description('rebuild data/spam-model.json from data/spam-corpus/ (deterministic)')
    .option('--corpus <folder>', 'corpus folder', SHIPPED_CORPUS_PATH())
    .option('--out <file>', 'model file to write', SHIPPED_MODEL_PATH())
    .action((options: { corpus: string; out: string }) => {
      const file = trainFromCorpus(options.corpus);
      writeModelFile(options.out, file);
      process.stdout.write(
        `Trained on ${file.trainedOn.comments} comments (${file.trainedOn.spam} spam) from ${file.trainedOn.files.join(', ')}: ${file.features} features, written to ${options.out}\n`,
      );
    });

  spam
    .command('eval')
    .description('cross-validation, leave-one-file-out, movie-review false positives, SMS cross-domain, throughput')
    .option('--corpus <folder>', 'corpus folder', SHIPPED_CORPUS_PATH())
    .option('--shared-data <folder>', 'where the other data sets are', defaultSharedData())
    .action((options: { corpus: string; sharedData: string }) => {
      runEvaluation({
        corpus: options.corpus,
        sharedData: options.sharedData,
        print: (line) => process.stdout.write(`${line}\n`),
      });
    });

  spam
    .command('sweep')
    .description(
      "one setting of the moderator-learning and the band, replayed on the YouTube files as new channels (what the learner's settings are chosen on)",
    )
    .option('--corpus <folder>', 'corpus folder', SHIPPED_CORPUS_PATH())
    .option('--shared-data <folder>', 'where the other data sets are', defaultSharedData())
    .option('--learning <json>', 'learner settings to change, e.g. {"knownFeatureFactor":0.25}', '{}')
    .option('--train <json>', 'training settings to change, e.g. {"l2":1e-3,"features":{"shapeCopies":4}}', '{}')
    .option('--pending-above <score>', 'uncertain from this score', threshold('--pending-above'))
    .option('--spam-above <score>', 'spam from this score', threshold('--spam-above'))
    .option('--site-calibration <strength>', "fit the site's own calibration, with this prior strength", Number)
    .option('--marks-only', 'only "Spam" marks teach, as before approvals did (decision 044)')
    .option('--checks', 'also print the SMS and film-talk figures (to confirm a choice, never to make it)')
    .action(
      (options: {
        corpus: string;
        sharedData: string;
        learning: string;
        train: string;
        pendingAbove?: number;
        spamAbove?: number;
        siteCalibration?: number;
        marksOnly?: boolean;
        checks?: boolean;
      }) => {
        let learning: Record<string, unknown>;
        try {
          learning = JSON.parse(options.learning) as Record<string, unknown>;
        } catch {
          throw new Error(`--learning: expected JSON like {"knownFeatureFactor":0.25}, got "${options.learning}"`);
        }
        for (const [key, value] of Object.entries(learning)) {
          if (!(key in LEARNING)) {
            throw new Error(`--learning: unknown setting "${key}" (known: ${Object.keys(LEARNING).join(', ')})`);
          }
          if (typeof value !== 'number' || !(value >= 0)) {
            throw new Error(`--learning: "${key}" must be a number from 0 up, got ${JSON.stringify(value)}`);
          }
        }
        runSweep({
          train: parseTrainOptions(options.train),
          corpus: options.corpus,
          sharedData: options.sharedData,
          learning: learning as Partial<LearningOptions>,
          thresholds: {
            spamPendingAbove: options.pendingAbove ?? DEFAULT_SETTINGS.spamPendingAbove,
            spamRejectAbove: options.spamAbove ?? DEFAULT_SETTINGS.spamRejectAbove,
          },
          ...(options.siteCalibration !== undefined ? { siteCalibration: options.siteCalibration } : {}),
          marksOnly: options.marksOnly === true,
          checks: options.checks === true,
          print: (line) => process.stdout.write(`${line}\n`),
        });
      },
    );
}
