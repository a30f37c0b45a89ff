import { objectsIn, textOf } from '../json-shape.js';
import { parseRangeText } from '../version/range-text.js';
import { allVersions, type VersionRange } from '../version/version-range.js';

/** One product a CSAF product tree defines, with the names of the branches above it. */
export interface CsafProduct {
  productId: string;
  vendor: string;
  /** The `product_name` branch (with its `product_family`, if any, before it), or the full product name. */
  product: string;
  range: VersionRange;
  cpe: string | null;
  /** For a relationship's product: "installed on …", "default component of …". */
  condition: string | null;
}

type Json = Record<string, unknown>;

interface BranchContext {
  vendor: string;
  family: string | null;
  productName: string | null;
}

/**
 * Every product of a CSAF 2.0 product tree (§3.1.5): those under branches (vendor → product
 * family → product name → product version or version range), those named in
 * `full_product_names`, and those a relationship makes of two others.
 */
export function productsOf(tree: Json | undefined): Map<string, CsafProduct> {
  const products = new Map<string, CsafProduct>();
  const walk = (branches: unknown, context: BranchContext): void => {
    if (!Array.isArray(branches)) return;
    for (const branch of objectsIn(branches)) {
      const name = typeof branch?.name === 'string' ? branch.name : '';
      const next = { ...context };
      let range: VersionRange = allVersions;
      switch (branch?.category) {
        case 'vendor':
          next.vendor = name;
          break;
        case 'product_family':
          next.family = name;
          break;
        case 'product_name':
          next.productName = name;
          break;
        case 'product_version':
        case 'product_version_range':
          range = parseRangeText(name);
          break;
      }
      const product = branch?.product as Json | undefined;
      if (typeof product?.product_id === 'string') {
        const productName = next.productName ?? (typeof product.name === 'string' ? product.name : name);
        const named = versionInName(productName, range);
        products.set(product.product_id, {
          productId: product.product_id,
          vendor: next.vendor,
          product:
            next.family !== null && !named.product.includes(next.family)
              ? `${next.family} ${named.product}`
              : named.product,
          range: named.range,
          cpe: cpeOf(product),
          condition: null,
        });
      }
      walk(branch?.branches, next);
    }
  };
  walk(tree?.branches, { vendor: '', family: null, productName: null });
  for (const product of objectsIn(tree?.full_product_names)) {
    if (typeof product?.product_id !== 'string' || typeof product.name !== 'string') continue;
    products.set(product.product_id, {
      productId: product.product_id,
      vendor: '',
      product: product.name,
      range: allVersions,
      cpe: cpeOf(product),
      condition: null,
    });
  }
  for (const relationship of objectsIn(tree?.relationships)) {
    const full = relationship?.full_product_name as Json | undefined;
    const component = products.get(textOf(relationship?.product_reference));
    const platform = products.get(textOf(relationship?.relates_to_product_reference));
    if (typeof full?.product_id !== 'string' || component === undefined) continue;
    const how = textOf(relationship.category, 'with').replaceAll('_', ' ');
    products.set(full.product_id, {
      ...component,
      productId: full.product_id,
      condition: `${how} ${platform === undefined ? textOf(relationship.relates_to_product_reference) : platform.product}`,
    });
  }
  return products;
}

/**
 * Advisories often put the version in the product's name and leave the version branch at "all"
 * (`IntelliSpace Portal 8.0.x` / `vers:all/*`): the trailing dotted version becomes the range, so
 * 7.0.x and 8.0.x stay apart. A model number without a dot (`Model 8015`) stays in the name.
 */
function versionInName(product: string, range: VersionRange): { product: string; range: VersionRange } {
  if (range.kind !== 'all') return { product, range };
  const trailing = /^(.*\S)\s+v?(\d+(?:\.(?:\d+|x))+)$/i.exec(product.trim());
  if (trailing === null) return { product, range };
  return { product: trailing[1] as string, range: parseRangeText(trailing[2] as string) };
}

function cpeOf(product: Json): string | null {
  const helper = product.product_identification_helper as Json | undefined;
  return typeof helper?.cpe === 'string' ? helper.cpe : null;
}
