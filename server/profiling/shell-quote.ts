// The one way ModelReady turns an argv array into a command line for the remote POSIX shell (sshd runs every
// command through the user's shell, so an argv cannot be passed as-is). Each argument becomes one shell word.

/** Characters that never need quoting in any POSIX shell context. */
const SAFE_WORD = /^[A-Za-z0-9_\-+=/.,:@%]+$/;

export class ShellQuoteError extends Error {}

function singleQuoted(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

function checkArg(arg: string): void {
  // A NUL byte cannot be part of any argv entry: refuse rather than silently truncate.
  if (arg.includes('\0')) throw new ShellQuoteError('an argument contains a NUL byte, which no command line can carry');
}

/** Quotes one argument: bare when safe, else single-quoted with each `'` written as `'\''`. */
export function quoteShellArg(arg: string): string {
  checkArg(arg);
  return SAFE_WORD.test(arg) ? arg : singleQuoted(arg);
}

/** Joins an argv array into a single command string for `sh -c`. */
export function quoteShellCommand(argv: string[]): string {
  if (argv.length === 0) throw new ShellQuoteError('empty command');
  const [command, ...rest] = argv;
  checkArg(command);
  // A bare first word like `A=b` would be read as a variable assignment, not as the command to run.
  const first = command.includes('=') ? singleQuoted(command) : quoteShellArg(command);
  return [first, ...rest.map(quoteShellArg)].join(' ');
}
