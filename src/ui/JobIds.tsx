interface Props {
  jobId: string;
  taskUUID?: string;
}

/** The ids support asks for, as read-only fields so they can be selected and copied anywhere. */
export function JobIds({ jobId, taskUUID }: Props) {
  return (
    <div className="ltx-ids">
      <span className="ltx-id">
        <span className="ltx-muted">Job</span>
        <input className="ltx-id-field ltx-id-short" readOnly value={jobId} size={jobId.length + 1} aria-label="Job id" data-testid="job-id" />
      </span>
      {taskUUID ? (
        <span className="ltx-id">
          <span className="ltx-muted">Task</span>
          <input className="ltx-id-field" readOnly value={taskUUID} aria-label="Runware taskUUID" data-testid="job-task-id" />
        </span>
      ) : null}
    </div>
  );
}
