import { normaliseName } from './names.js';

/** Words that say nothing about which product it is. */
// biome-ignore format: a word list reads better packed
const fillerWords = new Set([
  'the', 'and', 'of', 'for', 'with', 'a', 'an', 'model', 'models', 'version', 'system', 'systems', 'software',
  'device', 'devices', 'series', 'unit', 'product', 'products', 'family', 'all', 'only', 'v', 'firmware',
]);

/** `MX400-MX850`, `MX400-550`, `MP2-MP90`: a series of model numbers under one prefix. */
const seriesPattern = /\b([a-z]{1,4}) ?(\d{1,5}) ?[-–] ?(?:\1)? ?(\d{1,5})\b/gi;
/** `MX800/700/600`: several model numbers under one prefix. */
const listPattern = /\b([a-z]{1,4})(\d{1,5})((?:\/\d{1,5})+)\b/gi;
/** A series word as productWords writes it: prefix, first and last number. */
const seriesWord = /^([a-z]+)(\d+)~(\d+)$/;

/**
 * The words that name a product, the vendor's own name and filler words left out. A series of
 * model numbers (`MX400-MX850`) becomes one word `mx400~850` that every model in it matches; a
 * list (`MX800/700/600`) becomes its models.
 */
export function productWords(product: string, vendorKey: string): string[] {
  const vendorWords = new Set(vendorKey.split(' '));
  const special: string[] = [];
  const text = product
    .replace(seriesPattern, (whole, prefix: string, first: string, last: string) => {
      if (Number(last) <= Number(first)) return whole;
      special.push(`${prefix.toLowerCase()}${Number(first)}~${Number(last)}`);
      return ' ';
    })
    .replace(listPattern, (_whole, prefix: string, first: string, rest: string) => {
      for (const number of [first, ...rest.split('/').filter((part) => part !== '')]) {
        special.push(`${prefix.toLowerCase()}${Number(number)}`);
      }
      return ' ';
    });
  const words = normaliseName(text)
    .split(' ')
    .filter((word) => word !== '' && !fillerWords.has(word) && !vendorWords.has(word));
  return [...new Set([...words, ...special])];
}

/** Whether a model word is a product word, or one of the models of a product's series word. */
function wordMatches(modelWord: string, productWord: string): boolean {
  if (modelWord === productWord) return true;
  const series = seriesWord.exec(productWord);
  if (series === null) return false;
  const model = /^([a-z]+)(\d+)$/.exec(modelWord);
  if (model === null || model[1] !== series[1]) return false;
  const number = Number(model[2]);
  return number >= Number(series[2]) && number <= Number(series[3]);
}

/** How a device's model names an advisory's product, and how much that is worth. */
export interface ProductMatch {
  /**
   * `exact`: the same words; `model-in-product`: every word of the model is in the product's
   * name (a longer marketing name); `product-family`: the product's name is part of the model's
   * (an advisory for a whole family).
   */
  how: 'exact' | 'model-in-product' | 'product-family';
  confidence: number;
}

/**
 * Compares a device's model words with a product's. A model word with a digit (`8015`, `mx40`)
 * is what tells models apart, so a model found inside a longer product name counts more when
 * it has one.
 *
 * @example
 * matchProduct(['alaris', '8015'], ['alaris', 'point', 'care', 'pcu', '8015']) // { how: 'model-in-product', confidence: 0.9 }
 * matchProduct(['intellivue', 'mx450'], ['intellivue', 'patient', 'monitor', 'mx400~850']) // model-in-product
 */
export function matchProduct(
  modelWords: readonly string[],
  productWordList: readonly string[],
): ProductMatch | null {
  if (modelWords.length === 0 || productWordList.length === 0) return null;
  const isModelCovered = modelWords.every((word) =>
    productWordList.some((productWord) => wordMatches(word, productWord)),
  );
  const isProductCovered = productWordList.every((productWord) =>
    modelWords.some((word) => wordMatches(word, productWord)),
  );
  if (isModelCovered && isProductCovered) return { how: 'exact', confidence: 1 };
  if (isModelCovered) {
    return { how: 'model-in-product', confidence: modelWords.some((word) => /\d/.test(word)) ? 0.9 : 0.7 };
  }
  if (isProductCovered) return { how: 'product-family', confidence: 0.6 };
  return null;
}
