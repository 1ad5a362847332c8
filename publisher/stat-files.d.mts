export declare const STAT_STRIDE: 5;
export declare function statFiles(
  dir: string,
  names: readonly string[],
  out: Float64Array,
  from?: number,
  to?: number,
): void;
