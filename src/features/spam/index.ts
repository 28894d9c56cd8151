export { registerSpamCli } from './spam.cli.js';
export { type SpamFilter, type SpamFilterDeps, spamCommentHooks, spamFormStamp } from './spam.service.js';
