/** Where a command writes: `process.stdout`/`process.stderr` fit, and so do test doubles. */
export interface Writer {
  write(chunk: string): unknown;
  /** True on a terminal: progress is then drawn in place instead of printed line by line. */
  isTTY?: boolean;
}

/** The outside world a command sees, injected so tests can run `main` in-process. */
export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  /** Relative `--out`/`--dir` paths resolve against this folder. */
  cwd: string;
}

/** Per-run state shared by the commands: the I/O and the exit code a command may raise. */
export interface CliContext {
  io: CliIo;
  exitCode: number;
}

/** The real process's I/O. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}
