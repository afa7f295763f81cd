// The deletion's confirmation dialog: the dry run's plan, then the deletion's log.

import { html, nothing, type TemplateResult } from "lit";

import type { Localize } from "./localize.js";
import { logView, planHeadline, planIsEmpty, planSections, type ServiceSection } from "./plan.js";
import type { DeletionLog, Plan } from "./types.js";

export type DialogState =
  | { phase: "planning"; cascade: boolean }
  | { phase: "confirm"; plan: Plan; cascade: boolean }
  | { phase: "running"; plan: Plan; cascade: boolean }
  | { phase: "done"; log: DeletionLog }
  | { phase: "error"; message: string };

export interface DialogActions {
  confirm: () => void;
  close: () => void;
}

function sections(list: ServiceSection[], t: Localize): TemplateResult {
  return html`${list.map(
    (section) => html`<h4>${section.label}</h4>
      <ul>
        ${section.steps.map(
          (step) => html`<li>
            ${step.text}${step.why ? html`<div class="why">${step.why}</div>` : nothing}
            ${step.failed ? html`<div class="failed">${step.failed}</div>` : nothing}
          </li>`,
        )}
        ${section.kept.map(
          (kept) => html`<li>${t("delete.kept")}: ${kept.target}<div class="why">${kept.why}</div></li>`,
        )}
      </ul>`,
  )}`;
}

function planBody(plan: Plan, cascade: boolean, t: Localize): TemplateResult {
  return html`<p>${planHeadline(plan, cascade, t)}</p>
    ${planIsEmpty(plan) ? html`<p>${t("delete.nothing")}</p>` : sections(planSections(plan.steps, plan.kept, t), t)}
    ${plan.already_gone.length
      ? html`<p class="muted">${t("delete.already_gone", { items: plan.already_gone.join(", ") })}</p>`
      : nothing}
    ${plan.warnings.length
      ? html`<h4>${t("delete.warnings")}</h4>
          <ul class="warning">
            ${plan.warnings.map((w) => html`<li>${w}</li>`)}
          </ul>`
      : nothing}`;
}

function body(state: DialogState, t: Localize): TemplateResult {
  switch (state.phase) {
    case "planning":
      return html`<p>${t("delete.planning")}</p>`;
    case "confirm":
    case "running":
      return planBody(state.plan, state.cascade, t);
    case "done": {
      const view = logView(state.log, t);
      return html`<p class=${view.partial ? "failed" : "available"}>${view.summary}</p>
        ${view.failedSteps.length
          ? html`<h4>${t("delete.failed_steps")}</h4>
              ${sections([{ service: "", label: "", steps: view.failedSteps, kept: [] }], t)}`
          : nothing}`;
    }
    case "error":
      return html`<p class="failed">${state.message}</p>`;
  }
}

function heading(state: DialogState, title: string, t: Localize): string {
  if (state.phase === "done") return t("delete.done");
  return t("delete.title", { title });
}

/** The dialog (modal, keyboard: Tab between its buttons, Escape cancels). */
export function deletionDialog(state: DialogState, title: string, t: Localize, actions: DialogActions): TemplateResult {
  const canConfirm = state.phase === "confirm" && !planIsEmpty(state.plan);
  const busy = state.phase === "planning" || state.phase === "running";
  const onKey = (event: KeyboardEvent): void => {
    if (event.key === "Escape" && !busy) actions.close();
  };
  return html`<div class="scrim" @keydown=${onKey}>
    <div role="dialog" aria-modal="true" aria-labelledby="deletion-title" aria-busy=${busy ? "true" : "false"}>
      <h3 id="deletion-title">${heading(state, title, t)}</h3>
      ${body(state, t)}
      <div class="actions">
        ${state.phase === "done" || state.phase === "error"
          ? html`<button class="action" autofocus @click=${actions.close}>${t("delete.close")}</button>`
          : html`<button class="action" ?disabled=${busy} @click=${actions.close}>${t("delete.cancel")}</button>
              <button class="action danger filled" ?disabled=${!canConfirm} @click=${actions.confirm}>
                ${state.phase === "running" ? t("delete.running") : t("delete.confirm")}
              </button>`}
      </div>
    </div>
  </div>`;
}
