import { css } from "lit";

// Home Assistant's theme variables throughout, so light and dark themes (and users' own) apply.
export const cardStyles = css`
  :host {
    display: block;
  }
  ha-card {
    padding: 16px;
    color: var(--primary-text-color);
  }
  header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 8px;
    flex-wrap: wrap;
  }
  h2 {
    margin: 0;
    font-size: var(--ha-card-header-font-size, 1.25rem);
    font-weight: 500;
  }
  .muted {
    color: var(--secondary-text-color);
    font-size: 0.875rem;
  }
  .overall {
    margin: 12px 0;
    display: grid;
    gap: 4px;
  }
  .line {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    flex-wrap: wrap;
  }
  .bar {
    height: 6px;
    border-radius: 3px;
    background: var(--divider-color, rgba(127, 127, 127, 0.25));
    overflow: hidden;
  }
  .bar > div {
    height: 100%;
    background: var(--primary-color);
  }
  .bar.bytes > div {
    background: var(--accent-color, var(--primary-color));
  }
  .season {
    margin-top: 8px;
    border-top: 1px solid var(--divider-color, rgba(127, 127, 127, 0.25));
    padding-top: 8px;
  }
  .season-head {
    display: flex;
    align-items: center;
    gap: 8px;
    font-weight: 500;
  }
  .row {
    display: grid;
    grid-template-columns: auto 5.5em 24px 1fr;
    align-items: center;
    gap: 4px 8px;
    padding: 2px 0;
  }
  .row.no-select {
    grid-template-columns: 5.5em 24px 1fr;
  }
  .row .detail {
    grid-column: -2 / -1;
    display: flex;
    flex-direction: column;
    gap: 2px;
    /* A grid item is as wide as its longest word by default: release names have no spaces. */
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .code {
    font-variant-numeric: tabular-nums;
  }
  .available {
    color: var(--success-color, #43a047);
  }
  .failed,
  .stalled {
    color: var(--error-color, #db4437);
  }
  .downloading,
  .importing {
    color: var(--info-color, var(--primary-color));
  }
  .release {
    font-size: 0.8rem;
    color: var(--secondary-text-color);
    overflow-wrap: anywhere;
  }
  button.link {
    background: none;
    border: none;
    color: var(--primary-color);
    cursor: pointer;
    padding: 0 4px;
    font: inherit;
  }
  .actions {
    display: flex;
    gap: 8px;
    justify-content: flex-end;
    align-items: center;
    flex-wrap: wrap;
    margin-top: 12px;
  }
  button.action {
    font: inherit;
    padding: 6px 12px;
    border-radius: 4px;
    border: 1px solid var(--primary-color);
    background: none;
    color: var(--primary-color);
    cursor: pointer;
  }
  button.action.danger {
    border-color: var(--error-color, #db4437);
    color: var(--error-color, #db4437);
  }
  button.action.danger.filled {
    background: var(--error-color, #db4437);
    color: var(--text-primary-color, #fff);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  .request {
    padding: 6px 0;
    display: grid;
    gap: 2px;
  }
  .compact .season-line {
    display: flex;
    justify-content: space-between;
  }
  .scrim {
    position: fixed;
    inset: 0;
    background: rgba(0, 0, 0, 0.5);
    display: flex;
    align-items: center;
    justify-content: center;
    z-index: 10;
  }
  [role="dialog"] {
    background: var(--card-background-color, var(--ha-card-background, #fff));
    color: var(--primary-text-color);
    border-radius: var(--ha-card-border-radius, 12px);
    padding: 16px;
    width: min(560px, 92vw);
    max-height: 85vh;
    overflow: auto;
  }
  [role="dialog"] h3 {
    margin: 0 0 8px;
  }
  [role="dialog"] h4 {
    margin: 12px 0 4px;
  }
  [role="dialog"] ul {
    margin: 0;
    padding-left: 20px;
  }
  .why {
    color: var(--secondary-text-color);
    font-size: 0.8rem;
  }
  .warning {
    color: var(--warning-color, #ffa600);
  }
  @media (max-width: 420px) {
    .row {
      grid-template-columns: auto 4.5em 24px 1fr;
    }
  }
`;
