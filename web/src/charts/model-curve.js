// A model (Amdahl, Gustafson) drawn as a smooth line: 60 points from k = 1 to maxK.
export function modelCurve(maxK, valuesAt) {
  return Array.from({ length: 60 }, (_, i) => {
    const k = 1 + (i * (maxK - 1)) / 59;
    return { k, ...valuesAt(k) };
  });
}
