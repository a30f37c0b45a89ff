import type { Command } from 'commander';
import { checkMds2Claims, importMds2 } from '../../changes/import-mds2.js';
import { deriveCapabilities } from '../../govern/mds2/mds2-capabilities.js';
import { type Mds2Form, mds2Sections } from '../../govern/mds2/mds2-form.js';
import type { Store } from '../../store/open-store.js';
import { actorOf, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

type StoredForm = Mds2Form & { id: string };

/**
 * `vigil mds2`: manufacturers' disclosure statements (MDS2, ANSI/NEMA HN 1-2019) imported from
 * the workbook, CSV or JSON they come as, shown by section, and compared between two models.
 */
export function registerMds2Commands(program: Command): void {
  const mds2 = program
    .command('mds2')
    .description("manufacturers' disclosure statements for medical device security (MDS2, HN 1-2019)");
  mds2
    .command('import')
    .description(
      "import a model's MDS2 form (XLSX workbook, CSV or JSON); its answers become attributes of every device of the model (kept in the audit log)",
    )
    .argument('<file>', 'the form: .xlsx, .csv or .json')
    .option(
      '--manufacturer <name>',
      "the manufacturer, as the inventory names it (default: the form's DOC-1)",
    )
    .option('--model <name>', "the model (default: the form's DOC-3)")
    .option('--versions <list>', 'the software versions it covers, comma-separated (default: every version)')
    .option('--by <name>', 'who imports it (default: the operating-system user)')
    .option('--json', 'print the import report as JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        file: string,
        options: {
          manufacturer?: string;
          model?: string;
          versions?: string;
          by?: string;
          json?: boolean;
          db?: string;
        },
      ) => {
        const report = await withStore(options.db, (store) =>
          importMds2(
            store,
            {
              file,
              manufacturer: options.manufacturer,
              model: options.model,
              versions: options.versions
                ?.split(',')
                .map((version) => version.trim())
                .filter(Boolean),
              actor: actorOf(options.by),
            },
            Date.now(),
          ),
        );
        for (const warning of report.warnings) process.stderr.write(`vigil: ${warning}\n`);
        for (const contradiction of report.contradictions)
          process.stderr.write(`vigil: ${contradiction.deviceId}: ${contradiction.explanation}\n`);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${report.manufacturer} ${report.model}${report.versions.length > 0 ? ` (${report.versions.join(', ')})` : ''}: ${report.answers} answers from ${file}${report.sheet === null ? '' : `, sheet "${report.sheet}"`}; ${report.capabilities.length} capabilities on ${report.devices.length} devices${report.warnings.length > 0 ? `; ${report.warnings.length} warnings` : ''}\n`,
        );
      },
    );
  mds2
    .command('check')
    .description(
      "check every form against what its model's devices showed on the network (run after an ingest): each contradiction becomes a finding of the device",
    )
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { json?: boolean; db?: string }) => {
      const found = await withStore(options.db, (store) => checkMds2Claims(store));
      if (options.json) process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      else
        process.stdout.write(
          found.length === 0
            ? 'no answer contradicted by traffic\n'
            : `${formatTable(
                ['device', 'question', 'contradiction'],
                found.map((each) => [each.deviceId, each.question, each.explanation]),
              )}\n`,
        );
    });
  mds2
    .command('show')
    .description("a model's MDS2 answers by section, and the capabilities they give")
    .argument('<model>', 'the model')
    .option('--manufacturer <name>', 'the manufacturer, when models of two share the name')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (model: string, options: { manufacturer?: string; json?: boolean; db?: string }) => {
      const form = await withStore(options.db, (store) => formOf(store, model, options.manufacturer));
      const capabilities = deriveCapabilities(form.answers);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...form, capabilities }, null, 2)}\n`);
        return;
      }
      const lines = [
        `${form.manufacturer} ${form.model}${form.versions.length > 0 ? ` (${form.versions.join(', ')})` : ''}: ${form.file}, imported ${form.importedAt} by ${form.importedBy}`,
        `capabilities: ${capabilities.map((capability) => `${capability.isRisk ? '!' : ''}${capability.explanation}`).join('; ') || 'none answered'}`,
      ];
      for (const [section, title] of Object.entries(mds2Sections)) {
        const answers = form.answers.filter((answer) => answer.section === section);
        if (answers.length === 0) continue;
        lines.push(
          '',
          `${section}: ${title}`,
          formatTable(
            ['id', 'answer', 'question', 'note'],
            answers.map((answer) => [answer.id, answer.answer, answer.question, answer.note ?? '']),
          ),
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  mds2
    .command('compare')
    .description('the questions two models answer differently, and their capabilities side by side')
    .argument('<modelA>', 'the first model')
    .argument('<modelB>', 'the second model')
    .option('--all', 'list every question, not only those answered differently')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (modelA: string, modelB: string, options: { all?: boolean; json?: boolean; db?: string }) => {
        const [left, right] = await withStore(options.db, async (store) => [
          await formOf(store, modelA),
          await formOf(store, modelB),
        ]);
        const rows = compareForms(left, right).filter((row) => options.all || row.differs);
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify({ a: { manufacturer: left.manufacturer, model: left.model }, b: { manufacturer: right.manufacturer, model: right.model }, questions: rows }, null, 2)}\n`,
          );
          return;
        }
        process.stdout.write(
          `${formatTable(
            ['id', left.model, right.model, 'question'],
            rows.map((row) => [row.id, row.a ?? '—', row.b ?? '—', row.question]),
          )}\n${rows.length} questions${options.all ? '' : ' answered differently'}\n`,
        );
      },
    );
}

/** Each question either form answers, with both answers. */
export function compareForms(left: Mds2Form, right: Mds2Form) {
  const ids = [...new Set([...left.answers, ...right.answers].map((answer) => answer.id))];
  const order = Object.keys(mds2Sections);
  const number = (id: string) => id.split('-')[1]!.split('.').map(Number);
  ids.sort((a, b) => {
    const section = order.indexOf(a.split('-')[0]!) - order.indexOf(b.split('-')[0]!);
    if (section !== 0) return section;
    const [x, y] = [number(a), number(b)];
    for (let index = 0; index < Math.max(x.length, y.length); index += 1)
      if ((x[index] ?? -1) !== (y[index] ?? -1)) return (x[index] ?? -1) - (y[index] ?? -1);
    return 0;
  });
  return ids.map((id) => {
    const a = left.answers.find((answer) => answer.id === id);
    const b = right.answers.find((answer) => answer.id === id);
    return {
      id,
      question: a?.question || b?.question || '',
      a: a?.answer ?? null,
      b: b?.answer ?? null,
      differs: (a?.answer ?? null) !== (b?.answer ?? null),
    };
  });
}

/** A model's newest form, found by model name (and manufacturer when two share it). */
async function formOf(store: Store, model: string, manufacturer?: string): Promise<StoredForm> {
  const plain = (text: string) => text.trim().toLowerCase();
  const forms = (await store.mds2.list()).filter(
    (form) =>
      plain(form.model) === plain(model) &&
      (manufacturer === undefined || plain(form.manufacturer) === plain(manufacturer)),
  );
  const makers = [...new Set(forms.map((form) => form.manufacturer))];
  if (forms.length === 0)
    throw new Error(`no MDS2 form for model "${model}" in this store (vigil mds2 import)`);
  if (makers.length > 1)
    throw new Error(`models "${model}" of ${makers.join(' and ')} have forms: say which with --manufacturer`);
  return forms.sort((a, b) => b.importedAt.localeCompare(a.importedAt))[0]!;
}
