import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { jobKey } from '../grid/job.js';
import { formatRecord, recordJob, type BenchRecord } from './record.js';

/** What reading a results file found. */
export interface ResultsRead {
  records: BenchRecord[];
  /** 1-based numbers of lines that are not valid records (skipped). */
  badLines: number[];
  /** A final line without its newline: the write of a process that died mid-line. */
  truncatedTail: boolean;
  /** Bytes of the file up to the end of its last complete line. */
  goodBytes: number;
  /** The unterminated last line is nevertheless a whole record (only its newline is missing). */
  tailIsRecord: boolean;
}

function isRecord(v: unknown): v is BenchRecord {
  const r = v as BenchRecord;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.name === 'string' &&
    typeof r.parameter === 'object' &&
    Array.isArray(r.score) &&
    (r.dataset === 'fashion' || r.dataset === 'mnist') &&
    typeof r.status === 'string'
  );
}

/** Parses results text: every valid line is kept; bad ones are counted, never fatal. */
export function parseResults(text: string): ResultsRead {
  const lines = text.split('\n');
  const truncatedTail = lines.length > 0 && lines[lines.length - 1] !== '';
  const records: BenchRecord[] = [];
  const badLines: number[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const v = JSON.parse(line) as unknown;
      if (isRecord(v)) records.push(v);
      else badLines.push(i + 1);
    } catch {
      badLines.push(i + 1);
    }
  });
  const goodBytes = truncatedTail
    ? Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1))
    : Buffer.byteLength(text);
  const tailIsRecord = truncatedTail && !badLines.includes(lines.length);
  return { records, badLines, truncatedTail, goodBytes, tailIsRecord };
}

/** Reads a results file (missing file = no records). */
export function readResults(path: string): ResultsRead {
  if (!existsSync(path))
    return { records: [], badLines: [], truncatedTail: false, goodBytes: 0, tailIsRecord: false };
  return parseResults(readFileSync(path, 'utf8'));
}

/** Keys of the jobs a results file has finished (any final status: ok, cannot_create, …). */
export function finishedKeys(records: BenchRecord[]): Set<string> {
  return new Set(records.map((r) => jobKey(recordJob(r))));
}

/**
 * An append-only results file. Opening it repairs a crash's half-written last line (the fragment
 * is saved beside the file as `<file>.corrupt-<time>` and cut off, so the next record starts on a
 * line of its own). Each record is written with one `write` and `fsync`ed: a `kill -9` loses only
 * records not yet written, never one already on disk.
 */
export class ResultsWriter {
  private fd: number;
  readonly repaired: { savedTo?: string; badLines: number[] };
  /** The records the file held when opened. */
  readonly existing: BenchRecord[];

  constructor(readonly path: string) {
    const read = readResults(path);
    this.repaired = { badLines: read.badLines };
    this.existing = read.records;
    if (read.truncatedTail && !read.tailIsRecord) {
      const savedTo = `${path}.corrupt-${Date.now()}`;
      copyFileSync(path, savedTo);
      this.repaired.savedTo = savedTo;
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, read.goodBytes);
      closeSync(fd);
    }
    this.fd = openSync(path, 'a');
    if (read.tailIsRecord) writeSync(this.fd, '\n');
  }

  /** Appends one record durably. */
  append(r: BenchRecord): void {
    writeSync(this.fd, `${formatRecord(r)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
