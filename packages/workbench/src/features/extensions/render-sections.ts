// Lit renderers for the parts of a `sections` view (plugin-api SectionContent): key-figure cards with intervals,
// histograms with a target line, meters (utilisation with a healthy band, shares), notices, progress, buttons and
// a drop-down. The markup and CSS (view-sections.css) are those of the studio's former Simulation view, so the
// built-in Simulation plugin looks exactly as the built-in view did.
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { KeyFigure, MeterItem, SectionContent, ViewAction, ViewSection } from '@leanflow/plugin-api';
import './view-sections.css';
import { glossaryHref } from '../help/glossary.ts';

/** What the section renderers need from the view that hosts them. */
export interface SectionHost {
  readonly locale: string;
  reveal(elementId: string): void;
  runCommand(command: string, args: readonly unknown[]): void;
  /** The key binding shown on a button, e.g. "F5". */
  keyFor(command: string): string | undefined;
}

function onEnter(action: () => void) {
  return (event: KeyboardEvent) => event.key === 'Enter' && action();
}

function renderActions(actions: readonly ViewAction[], host: SectionHost): TemplateResult {
  return html`<div class="lf-view-actions lf-sim-toolbar">
    ${actions.map((action) => {
      const key = action.style === 'secondary' ? undefined : host.keyFor(action.command);
      return html`<button
        class="lf-button ${action.style === 'secondary' ? 'secondary' : ''}"
        data-action=${action.id ?? action.command}
        aria-pressed=${action.pressed === undefined ? nothing : String(action.pressed)}
        @click=${() => host.runCommand(action.command, action.args ?? [])}
      >${action.title}${key ? html`<kbd>${key}</kbd>` : nothing}</button>`;
    })}
  </div>`;
}

/** The small "?" after a KPI's label: opens its plain-words explanation in the help tab. */
function glossaryLink(id: string | undefined, locale: string): TemplateResult | typeof nothing {
  const href = glossaryHref(id);
  const label = locale === 'zh-CN' ? '这是什么意思' : 'What this means';
  return href ? html`<a class="lf-glossary-link" href=${href} title=${label} aria-label=${label}>?</a>` : nothing;
}

function renderCards(figures: readonly KeyFigure[], locale: string): TemplateResult {
  return html`<div class="lf-sim-cards">
    ${figures.map(
      (f) => html`<div class="lf-sim-card tone-${f.status ?? 'neutral'}" data-kpi=${f.id ?? nothing} data-value=${f.rawValue ?? (typeof f.value === 'number' ? f.value : '')} title=${f.hint ?? nothing}>
        <div class="lf-sim-card-label">${f.label}${glossaryLink(f.id, locale)}</div>
        <div class="lf-sim-card-value">${typeof f.value === 'number' ? f.value.toLocaleString(locale, { maximumFractionDigits: 2 }) : f.value}${f.unit ? ` ${f.unit}` : ''}</div>
        ${f.interval ? html`<div class="lf-sim-card-ci">${f.interval}</div>` : nothing}
        ${f.detail ? html`<div class="lf-sim-card-detail">${f.detail}</div>` : nothing}
      </div>`,
    )}
  </div>`;
}

function renderHistogram(content: Extract<SectionContent, { kind: 'histogram' }>, id: string | undefined): TemplateResult {
  const n = content.bars.length || 1;
  const w = 100 / n;
  const top = Math.max(0, ...content.bars.map((b) => b.share)) || 1;
  return html`<figure class="lf-sim-histogram" data-histogram=${id ?? nothing}>
    <figcaption>${content.title}</figcaption>
    <svg viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label=${content.title}>
      ${content.bars.map((bar, i) => {
        const h = (bar.share / top) * 38;
        return svg`<rect class=${bar.over ? 'over' : ''} x=${i * w + w * 0.08} y=${40 - h} width=${w * 0.84} height=${h}><title>${bar.label}</title></rect>`;
      })}
      ${content.target
        ? svg`<line class="target" x1=${content.target.position * 100} x2=${content.target.position * 100} y1="0" y2="40" vector-effect="non-scaling-stroke"></line>`
        : nothing}
    </svg>
    <div class="lf-sim-axis"><span>${content.axis[0]}</span><span>${content.axis[1]}</span><span>${content.axis[2]}</span></div>
    ${content.target ? html`<div class="lf-sim-target-note"><i></i>${content.target.label}</div>` : nothing}
  </figure>`;
}

function band(item: MeterItem): 'low' | 'ok' | 'high' {
  if (item.status) return item.status;
  return item.band ? (item.value < item.band.low ? 'low' : item.value > item.band.high ? 'high' : 'ok') : 'ok';
}

function renderMeters(content: Extract<SectionContent, { kind: 'meters' }>, host: SectionHost): TemplateResult {
  const banded = content.items.some((item) => item.band);
  const reveal = (item: MeterItem) => () => item.elementId && host.reveal(item.elementId);
  if (!banded) {
    // Shares (e.g. of waiting time): a name, a bar, a line of detail; biggest first.
    const items = content.items.map(
      (item) => html`<li tabindex="0" data-element-id=${item.elementId ?? nothing} data-item=${item.id ?? nothing} @click=${reveal(item)} @keydown=${onEnter(reveal(item))}>
        <div class="lf-sim-bottleneck-name">${item.label}</div>
        <div class="lf-sim-share"><div style="width:${Math.round(Math.min(1, item.value) * 100)}%"></div></div>
        ${item.detail ? html`<div class="lf-sim-muted">${item.detail}</div>` : nothing}
      </li>`,
    );
    return html`${content.ordered ? html`<ol class="lf-sim-bottlenecks">${items}</ol>` : html`<ul class="lf-sim-bottlenecks">${items}</ul>`}
      ${content.note ? html`<p class="lf-sim-muted lf-sim-band-note">${content.note}</p>` : nothing}`;
  }
  // Values against a healthy band (e.g. utilisation): the band behind the bar, the bar coloured by where it falls.
  return html`<ul class="lf-sim-pools">
      ${content.items.map(
        (item) => html`<li data-item=${item.id ?? nothing} data-element-id=${item.elementId ?? nothing} class="band-${band(item)}" @click=${reveal(item)}>
          <div class="lf-sim-pool-head"><span class="lf-sim-pool-name">${item.label}</span><span class="lf-sim-pool-value">${item.valueText ?? ''}</span></div>
          <div class="lf-sim-util">
            ${item.band ? html`<div class="lf-sim-util-band" style="left:${item.band.low * 100}%;width:${(item.band.high - item.band.low) * 100}%"></div>` : nothing}
            <div class="lf-sim-util-fill" style="width:${Math.min(100, item.value * 100)}%"></div>
          </div>
          ${item.detail ? html`<div class="lf-sim-muted">${item.detail}</div>` : nothing}
        </li>`,
      )}
    </ul>
    ${content.note ? html`<p class="lf-sim-muted lf-sim-band-note"><i class="lf-sim-band-swatch"></i>${content.note}</p>` : nothing}`;
}

function renderNotice(content: Extract<SectionContent, { kind: 'notice' }>, id: string | undefined, host: SectionHost): TemplateResult {
  const items = content.items?.length
    ? html`<ul class="lf-sim-issues">
        ${content.items.map(
          (item) =>
            html`<li class=${item.severity ?? content.severity} tabindex="0" @click=${() => item.elementId && host.reveal(item.elementId)} @keydown=${onEnter(() => item.elementId && host.reveal(item.elementId))}>${item.text}</li>`,
        )}
      </ul>`
    : nothing;
  const note = id ?? nothing;
  if (content.collapsed) {
    return html`<details class="lf-sim-warnings" data-note=${note}><summary>${content.message}</summary>${items}</details>`;
  }
  if (content.action) {
    const action = content.action;
    return html`<div class="lf-sim-stale" role="status" data-note=${note}><span>${content.message}</span>
      <button class="lf-button" data-action=${action.id ?? action.command} @click=${() => host.runCommand(action.command, action.args ?? [])}>${action.title}</button></div>`;
  }
  if (content.severity === 'error') {
    return html`<div class="lf-sim-error" role="alert" data-note=${note}><p>${content.message}</p>${items}</div>`;
  }
  if (content.items?.length) {
    return html`<div class="lf-sim-defaults" role="note" data-note=${note}><strong>${content.message}</strong>${items}</div>`;
  }
  return html`<p class=${content.severity === 'warning' ? 'lf-sim-stale' : 'lf-sim-note'} role="status" data-note=${note}>${content.message}</p>`;
}

function renderProgress(content: Extract<SectionContent, { kind: 'progress' }>): TemplateResult {
  const percent = Math.floor(content.fraction * 100);
  return html`<div class="lf-sim-progress" aria-live="polite">
    ${content.title ? html`<div class="lf-sim-progress-title">${content.title}</div>` : nothing}
    <div class="lf-sim-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent} aria-label=${content.title ?? nothing}>
      <div style="width:${percent}%"></div>
    </div>
    ${content.message ? html`<div class="lf-sim-progress-text">${content.message}</div>` : nothing}
  </div>`;
}

function renderChoice(content: Extract<SectionContent, { kind: 'choice' }>, host: SectionHost): TemplateResult {
  return html`<label class="lf-sim-scenario">${content.label}
    <select class="lf-input" @change=${(e: Event) => host.runCommand(content.command, [(e.target as HTMLSelectElement).value])}>
      ${content.options.map((o) => html`<option value=${o.value} ?selected=${o.value === content.value}>${o.label}</option>`)}
    </select></label>`;
}

/**
 * Renders the section parts that are not plain view contents; returns undefined for plain ones (the caller
 * draws those with renderViewContent). Key figures inside sections are drawn as cards with their interval.
 *
 * @example
 * renderSectionPart({ kind: 'progress', fraction: 0.5, title: 'Simulating…' }, 'progress', host);
 */
export function renderSectionPart(content: SectionContent, id: string | undefined, host: SectionHost): TemplateResult | undefined {
  switch (content.kind) {
    case 'actions':
      return renderActions(content.actions, host);
    case 'progress':
      return renderProgress(content);
    case 'notice':
      return renderNotice(content, id, host);
    case 'histogram':
      return renderHistogram(content, id);
    case 'meters':
      return renderMeters(content, host);
    case 'choice':
      return renderChoice(content, host);
    case 'keyFigures':
      return renderCards(content.figures, host.locale);
    default:
      return undefined;
  }
}

/**
 * Lays out the sections: headings, and consecutive histograms side by side (as the charts of the old view).
 *
 * @example
 * renderSections(content.sections, host, (section) => renderViewContent(section.content, options));
 */
export function renderSections(sections: readonly ViewSection[], host: SectionHost, plain: (content: SectionContent, section: ViewSection, index: number) => TemplateResult): TemplateResult {
  const out: TemplateResult[] = [];
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i]!;
    const body = (s: ViewSection, index: number) => renderSectionPart(s.content, s.id, host) ?? plain(s.content, s, index);
    if (section.content.kind === 'histogram') {
      // Histograms in a row share one grid.
      const group: TemplateResult[] = [];
      let j = i;
      while (j < sections.length && sections[j]!.content.kind === 'histogram' && (j === i || !sections[j]!.title)) {
        group.push(body(sections[j]!, j));
        j++;
      }
      out.push(html`<section class="lf-view-section ${section.dimmed ? 'lf-sim-results stale' : ''}" data-section=${section.id ?? nothing}>
        ${section.title ? html`<h3 class="lf-section-title">${section.title}</h3>` : nothing}<div class="lf-sim-charts">${group}</div></section>`);
      i = j - 1;
      continue;
    }
    out.push(html`<section class="lf-view-section ${section.dimmed ? 'lf-sim-results stale' : ''}" data-section=${section.id ?? nothing}>
      ${section.title ? html`<h3 class="lf-section-title">${section.title}</h3>` : nothing}${body(section, i)}</section>`);
  }
  return html`${out}`;
}
