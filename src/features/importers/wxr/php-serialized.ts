/**
 * Serialized PHP (what WordPress stores in meta: `a:2:{s:3:"key";i:5;…}`) read as plain data. Nothing is evaluated
 * and no class is ever instantiated: objects (`O:`, `C:`), references (`r:`, `R:`) and anything unexpected make the
 * whole value unreadable (undefined), and the caller treats the meta as text.
 */
export type PhpValue = string | number | boolean | null | PhpValue[] | { [key: string]: PhpValue };

const MAX_DEPTH = 32;

export function parsePhpSerialized(input: string): PhpValue | undefined {
  // PHP counts string lengths in bytes.
  const bytes = Buffer.from(input, 'utf8');
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError('not serialized PHP');
  };
  const expect = (char: string) => {
    if (bytes[at] !== char.charCodeAt(0)) fail();
    at++;
  };
  const readUntil = (char: string) => {
    const end = bytes.indexOf(char.charCodeAt(0), at);
    if (end === -1) fail();
    const value = bytes.subarray(at, end).toString('utf8');
    at = end + 1;
    return value;
  };
  const readValue = (depth: number): PhpValue => {
    if (depth > MAX_DEPTH) fail();
    const type = String.fromCharCode(bytes[at] ?? 0);
    at++;
    if (type === 'N') {
      expect(';');
      return null;
    }
    expect(':');
    if (type === 'b') {
      const value = readUntil(';');
      if (value !== '0' && value !== '1') fail();
      return value === '1';
    }
    if (type === 'i') {
      const value = readUntil(';');
      if (!/^-?\d+$/.test(value)) fail();
      return Number(value);
    }
    if (type === 'd') {
      const value = Number(readUntil(';'));
      if (Number.isNaN(value)) fail();
      return value;
    }
    if (type === 's') {
      const length = Number(readUntil(':'));
      if (!Number.isInteger(length) || length < 0) fail();
      expect('"');
      if (at + length > bytes.length) fail();
      const value = bytes.subarray(at, at + length).toString('utf8');
      at += length;
      expect('"');
      expect(';');
      return value;
    }
    if (type === 'a') {
      const count = Number(readUntil(':'));
      if (!Number.isInteger(count) || count < 0) fail();
      expect('{');
      const entries: Array<[string, PhpValue]> = [];
      for (let i = 0; i < count; i++) {
        const key = readValue(depth + 1);
        if (typeof key !== 'string' && typeof key !== 'number') fail();
        entries.push([String(key), readValue(depth + 1)]);
      }
      expect('}');
      const isList = entries.every(([key], index) => key === String(index));
      return isList ? entries.map(([, value]) => value) : Object.fromEntries(entries);
    }
    return fail();
  };
  try {
    const value = readValue(0);
    return at === bytes.length ? value : undefined;
  } catch {
    return undefined;
  }
}
