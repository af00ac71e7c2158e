/**
 * The table's slot count is prime so that every probe step in [1, capacity - 1] is coprime with
 * it: each double-hashing sequence then visits every slot, and the capacity can be sized to the
 * exact memory budget instead of the next power of two (which could double it).
 */
export function nextPrime(n: number): number {
  let candidate = Math.max(3, Math.ceil(n));
  if (candidate % 2 === 0) candidate++;
  while (!isPrime(candidate)) candidate += 2;
  return candidate;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}
