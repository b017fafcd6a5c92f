// Compose `volumes:` entries of a service: short `SOURCE:TARGET[:MODE]` and long `{type, source, target, read_only}`.

export interface ShortVolume {
  /** Host path or named volume; undefined for an anonymous volume ("/data"). */
  source?: string;
  target: string;
  readOnly: boolean;
}

/** `${VAR:-/var/run/docker.sock}` reads as its default; other interpolations stay as written. */
export const withDefaults = (s: string): string => s.replace(/\$\{\w+:?[-=]([^}]*)\}/g, '$1');

export function parseShortVolume(spec: string): ShortVolume | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] === '$' && spec[i + 1] === '{') { depth++; i++; continue; }
    if (spec[i] === '}' && depth > 0) { depth--; continue; }
    // A Windows drive ("C:\\x") is one piece.
    if (spec[i] === ':' && depth === 0 && !(i === start + 1 && /[A-Za-z]/.test(spec[start]) && /[\\/]/.test(spec[i + 1] ?? ''))) {
      parts.push(spec.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(spec.slice(start));
  if (parts.length === 1) return { target: parts[0], readOnly: false };
  const mode = parts.length >= 3 ? parts[2].split(',') : [];
  return { source: parts[0], target: parts[1], readOnly: mode.includes('ro') };
}

/** A bind source that is a host path (not a named volume). */
export const isHostPath = (source: string): boolean => /^([./~]|\$\{|[A-Za-z]:[\\/])/.test(source);

/** Normalises a host path for comparisons: defaults applied, duplicate and trailing slashes removed. */
export function normalizeHostPath(source: string): string {
  const p = withDefaults(source).replace(/\/+/g, '/');
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}
