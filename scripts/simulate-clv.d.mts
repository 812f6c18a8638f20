export function random(seed: number): () => number;
export function gamma(u: () => number, shape: number): number;
export interface PurchaseParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}
export interface SpendParams {
  p: number;
  q: number;
  gamma: number;
}
export function simulateCustomer(u: () => number, purchases: PurchaseParams, T: number, spend?: SpendParams): { times: number[]; amounts?: number[] };
export function simulateLog(path: string, rows: number, seed?: number): Promise<{ rows: number; bytes: number; purchases: PurchaseParams; spend: SpendParams }>;
