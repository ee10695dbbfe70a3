import { readFileSync } from 'node:fs';
import { freemem, totalmem } from 'node:os';

/**
 * Percentage of system memory in use, as upstream's guard read it (psutil's `percent`): based on
 * MemAvailable where Linux reports it (page cache is reclaimable, so `free` alone overstates use).
 */
export function systemMemoryUsedPct(): number {
  try {
    const info = readFileSync('/proc/meminfo', 'utf8');
    const total = Number(/MemTotal:\s+(\d+)/.exec(info)?.[1]);
    const avail = Number(/MemAvailable:\s+(\d+)/.exec(info)?.[1]);
    if (total > 0 && avail >= 0) return (100 * (total - avail)) / total;
  } catch {
    // not Linux: fall through
  }
  return (100 * (totalmem() - freemem())) / totalmem();
}
