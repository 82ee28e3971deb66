import { useState } from 'react';
import type { SequenceSnapshot } from '../app/ports';
import type { JobRecord } from '../domain/job';
import type { RetakeSettings } from '../domain/plan';
import { money } from './format';
import { InlineConfirm } from './InlineConfirm';
import { rerunEstimate } from './jobText';
import { NO_SHORTCUT_ATTR } from './useRetakeShortcut';

interface Props {
  job: JobRecord;
  sequence: SequenceSnapshot | null;
  draft: RetakeSettings;
  onRun: (prompt: string) => void;
  onBack: () => void;
}

/** "Run again": the same range and mode as a new job (a new charge), with the prompt editable. */
export function RerunEditor({ job, sequence, draft, onRun, onBack }: Props) {
  const [prompt, setPrompt] = useState(job.plan.prompt);
  const estimate = rerunEstimate(job, sequence, draft, prompt);
  return (
    <div {...{ [NO_SHORTCUT_ATTR]: '' }}>
      <InlineConfirm
        testId="job-rerun-step"
        confirmTestId="job-rerun-confirm"
        backTestId="job-rerun-back"
        confirmLabel={estimate.ok ? `Run again · Est. ${money(estimate.costUsd)}` : 'Run again'}
        disabled={!estimate.ok}
        onConfirm={() => onRun(prompt)}
        onBack={onBack}
      >
        <span className="ltx-label">Prompt for the new take</span>
        <textarea className="ltx-textarea" rows={3} data-testid="job-rerun-prompt" aria-label="Prompt for the new take" value={prompt} onChange={(e) => setPrompt(e.target.value)} />
        <p className={estimate.ok ? 'ltx-hint' : 'ltx-warning-text'} data-testid="job-rerun-estimate">
          {estimate.ok
            ? `A new job on the same range: a new charge of about ${money(estimate.costUsd)}, with the context settings of the Retake tab.`
            : estimate.reason}
        </p>
      </InlineConfirm>
    </div>
  );
}
