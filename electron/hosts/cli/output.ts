// The command line's one output writer: --json prints one JSON document on stdout, text mode prints
// lines; progress and coded errors go to stderr, in the user's language.
import { errorSeverity, TezgahError, toErrorPayload, type ErrorPayload, type Lang } from '../../../shared/errors.js';

export class Out {
  constructor(
    readonly json: boolean,
    readonly lang: Lang,
  ) {}

  /** One line of text on stdout. */
  line(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Several lines on stdout (nothing for none). */
  lines(lines: string[]): void {
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
  }

  /** A JSON document on stdout. */
  data(value: unknown): void {
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  }

  /** The JSON document with --json, else the text. */
  print(json: unknown, text: string): void {
    if (this.json) this.data(json);
    else this.line(text);
  }

  /** Text on stderr, as is. */
  note(text: string): void {
    process.stderr.write(text);
  }

  /** A coded error on stderr: its message, the reason, the hint and each input issue. */
  error(e: ErrorPayload): void {
    const reason = typeof e.details?.reason === 'string' ? `reason: ${e.details.reason}\n` : '';
    process.stderr.write(`error ${e.code}: ${e.message}\n${reason}${e.hint && e.hint !== '—' ? `hint: ${e.hint}\n` : ''}`);
    const issues = (e.details?.issues ?? []) as { field: string; message: { en: string } }[];
    for (const i of issues) process.stderr.write(`  ${i.field}: ${i.message.en}\n`);
  }

  /** A problem of a sync pass on stderr, called a warning or an error by its severity. */
  problem(e: ErrorPayload): void {
    const what = errorSeverity(e.code) === 'warning' ? 'warning' : 'error';
    process.stderr.write(`${what} ${e.code}: ${e.message}\n${e.hint && e.hint !== '—' ? `hint: ${e.hint}\n` : ''}`);
  }

  /** Any failure as a coded payload in this language, its hint naming flags and variables (the CLI's surface). */
  payload(err: unknown): ErrorPayload {
    return toErrorPayload(err, this.lang, 'cli');
  }

  /** A stored payload in this language. */
  localize(e: ErrorPayload): ErrorPayload {
    return localize(e, this.lang);
  }
}

/** A stored payload in the language asked for now, with the command line's hint. */
export function localize(e: ErrorPayload, lang: Lang): ErrorPayload {
  return toErrorPayload(new TezgahError(e.code, e.details), lang, 'cli');
}
