import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readProcurementReview, writeProcurementReview } from '../../changes/procurement-reviews.js';
import { procurementReviewMarkdown } from '../../govern/procurement/procurement-review.js';
import { VendorNames } from '../../intel/matching/names.js';
import { markdownToPdf } from '../../report/markdown-pdf.js';
import { actorOf, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

const formats = ['markdown', 'json', 'pdf'] as const;

/** `vigil procurement`: pre-purchase security reviews of a model, kept as written. */
export function registerProcurementCommands(program: Command): void {
  const procurement = program
    .command('procurement')
    .description(
      "pre-purchase security reviews: a model's MDS2, SBOM and the known vulnerabilities of its components, with the open questions for the manufacturer",
    );
  procurement
    .command('review')
    .description('write a review of a model (kept as written, and in the audit log); prints it as Markdown')
    .requiredOption('--manufacturer <name>', 'the manufacturer')
    .requiredOption('--model <name>', 'the model')
    .option('--version <version>', 'the version offered')
    .option('--by <name>', 'who writes it (default: the operating-system user)')
    .option('--json', 'print the review as JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (options: {
        manufacturer: string;
        model: string;
        version?: string;
        by?: string;
        json?: boolean;
        db?: string;
      }) => {
        const review = await withStore(options.db, (store) =>
          writeProcurementReview(
            store,
            { ...options, actor: actorOf(options.by) },
            VendorNames.load(),
            Date.now(),
          ),
        );
        process.stdout.write(
          options.json ? `${JSON.stringify(review, null, 2)}\n` : procurementReviewMarkdown(review),
        );
      },
    );
  procurement
    .command('list')
    .description('the reviews written, newest first')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { json?: boolean; db?: string }) => {
      const rows = await withStore(options.db, (store) => store.procurementReviews.list());
      const listed = rows.map((row) => ({
        id: row.id,
        manufacturer: row.manufacturer,
        model: row.model,
        createdBy: row.created_by,
        createdAt: row.created_at,
      }));
      process.stdout.write(
        options.json
          ? `${JSON.stringify(listed, null, 2)}\n`
          : formatTable(
              ['id', 'manufacturer', 'model', 'written', 'by'],
              listed.map((row) => [row.id, row.manufacturer, row.model, row.createdAt, row.createdBy]),
            ),
      );
    });
  procurement
    .command('show')
    .description('a review as it was written, to send: Markdown, JSON, or PDF (needs --out)')
    .argument('<id>', 'the review')
    .option('--format <markdown|json|pdf>', formats.join(', '), 'markdown')
    .option('--out <file>', 'write it to this file')
    .option('--db <location>', storeOptionDescription)
    .action(async (id: string, options: { format: string; out?: string; db?: string }) => {
      if (!(formats as readonly string[]).includes(options.format))
        throw new Error(`--format: expected ${formats.join(', ')}, got "${options.format}"`);
      if (options.format === 'pdf' && options.out === undefined)
        throw new Error('--format pdf: give --out FILE.pdf');
      const review = await withStore(options.db, (store) => readProcurementReview(store, id));
      if (review === undefined) throw new Error(`no procurement review ${id} in this store`);
      const markdown = procurementReviewMarkdown(review);
      const content =
        options.format === 'json'
          ? `${JSON.stringify(review, null, 2)}\n`
          : options.format === 'pdf'
            ? await markdownToPdf(markdown, {
                title: `Pre-purchase security review: ${review.manufacturer} ${review.model}`,
                author: review.createdBy,
              })
            : markdown;
      if (options.out === undefined) {
        process.stdout.write(content);
        return;
      }
      writeFileSync(options.out, content);
      process.stdout.write(`${options.out}\n`);
    });
}
