import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** All of standard input, for `--password-stdin` (scripts pipe the password in; it never appears in `ps`). */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Ask on the terminal without echoing what is typed. */
export async function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('no terminal to ask for a password on: use --password-stdin');
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
