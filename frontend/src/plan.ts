// The dry run's plan and the deletion's log as the confirmation dialog shows them.

import type { Localize } from "./localize.js";
import type { DeletionLog, KeptItem, Plan, PlanStep } from "./types.js";

// The order a deletion reaches the services in (deletion/model.py Place).
const SERVICES = ["sonarr", "qbittorrent", "jellyfin", "jellyseerr", "shoko"];

export interface StepLine {
  text: string;
  why: string;
  failed: string | null; // in a log: the failure's message
}

export interface ServiceSection {
  service: string;
  label: string;
  steps: StepLine[];
  kept: { target: string; why: string }[];
}

function serviceOrder(service: string): number {
  const index = SERVICES.indexOf(service);
  return index === -1 ? SERVICES.length : index;
}

function stepLine(step: PlanStep, t: Localize): StepLine {
  return {
    // Names, not the ids the services take: a person confirms which files and torrents go.
    text: t(`action.${step.action}`, { targets: (step.labels ?? step.targets).join(", ") }),
    why: step.why,
    failed: step.ok === false ? t("delete.step_failed", { message: step.message ?? "" }) : null,
  };
}

/** Per service, in the order they are reached: what is done, and what stays and why. */
export function planSections(
  steps: readonly PlanStep[],
  kept: readonly KeptItem[],
  t: Localize,
): ServiceSection[] {
  const services = new Set([...steps.map((s) => s.service), ...kept.map((k) => k.service)]);
  return [...services]
    .sort((a, b) => serviceOrder(a) - serviceOrder(b))
    .map((service) => ({
      service,
      label: t(`service.${service}`),
      steps: steps.filter((s) => s.service === service).map((s) => stepLine(s, t)),
      kept: kept
        .filter((k) => k.service === service)
        .map(({ target, label, why }) => ({ target: label ?? target, why })),
    }));
}

/** The dialog's heading lines for a plan: what is deleted. */
export function planHeadline(plan: Plan, cascade: boolean, t: Localize): string {
  return cascade ? t("delete.series") : t("delete.episodes", { episodes: plan.episodes.join(", ") });
}

/** A plan that does nothing (all already gone) is said so rather than confirmed. */
export function planIsEmpty(plan: Plan): boolean {
  return plan.steps.length === 0;
}

export interface LogView {
  summary: string;
  partial: boolean;
  failedSteps: StepLine[];
}

/** A finished deletion: its summary and the steps that failed. */
export function logView(log: DeletionLog, t: Localize): LogView {
  return {
    summary: log.summary,
    partial: log.partial,
    failedSteps: log.steps.filter((s) => s.ok === false).map((s) => stepLine(s, t)),
  };
}
