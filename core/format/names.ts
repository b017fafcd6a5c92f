// Format names alone, so argument parsing can validate `--format` without loading the formatters.
export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type FormatName = (typeof FORMATS)[number];

export function isFormatName(value: string): value is FormatName {
  return (FORMATS as readonly string[]).includes(value);
}
