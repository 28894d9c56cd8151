export { registerSpamCli } from './spam.cli.js';
export { installSpamFilter, type SpamFilter } from './spam.service.js';
