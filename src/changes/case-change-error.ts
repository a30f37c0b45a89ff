/** The API body field of each CLI option (or argument) a refused case change names. */
const fieldOfOption = {
  '--from-alert': 'fromAlerts',
  '--device': 'device',
  '--title': 'title',
  '--severity': 'severity',
  '--discovered': 'discoveredOn',
  '--due': 'dueAt',
  '--text': 'text',
  phase: 'status',
  step: 'step',
  '--conclusion': 'conclusion',
  '--reasoning': 'reasoning',
  '--individuals': 'individuals',
  '--most-in-one-state': 'mostInOneState',
  '--devices': 'devices',
  '--format': 'format',
  isolation: 'isolation',
  review: 'review',
} as const;

export type CaseInput = keyof typeof fieldOfOption;

/**
 * A change to a case that was refused, naming what was wrong the way its caller spells it: the
 * message names the CLI option (`--from-alert: no alert …`), `apiMessage` and `field` the API's
 * body field (`fromAlerts: no alert …`). `missingCase` is the id asked for when the case itself
 * does not exist.
 */
export class CaseChangeError extends Error {
  readonly field: string | undefined;
  readonly apiMessage: string;
  readonly missingCase: string | undefined;

  constructor(
    detail: string,
    options: { input?: CaseInput; inMessage?: boolean; missingCase?: string } = {},
  ) {
    const { input, inMessage = true } = options;
    super(input === undefined || !inMessage ? detail : `${input}: ${detail}`);
    this.field = input === undefined ? undefined : fieldOfOption[input];
    this.apiMessage = input === undefined || !inMessage ? detail : `${this.field}: ${detail}`;
    this.missingCase = options.missingCase;
  }
}

/** A refusal about one input: `--device: no device …` on the command line, `device: …` over the API. */
export function refused(input: CaseInput, detail: string): CaseChangeError {
  return new CaseChangeError(detail, { input });
}
