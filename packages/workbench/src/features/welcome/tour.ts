// The guided tour (draw → data → simulate → score → suggest → compare) on driver.js: a small (≈5 kB gzip), MIT,
// dependency-free and maintained library for step-by-step popovers that highlights real elements, handles
// scrolling, keyboard (Esc, arrows) and resizing — things a home-made overlay would get wrong. See docs/studio.md.
import { driver, type Driver } from 'driver.js';
import 'driver.js/dist/driver.css';
import type { Workbench } from '../../workbench.ts';
import type { WelcomeMessageKey } from './messages.ts';
import type { WelcomeService } from './welcome-service.ts';

const STEPS: readonly { readonly key: 'draw' | 'data' | 'simulate' | 'score' | 'suggest' | 'compare'; readonly element: string }[] = [
  { key: 'draw', element: 'lf-bpmn-editor:not([hidden]) .djs-palette' },
  { key: 'data', element: '.lf-activity[data-view="properties"]' },
  { key: 'simulate', element: '.lf-activity[data-view="simulation"]' },
  { key: 'score', element: '.lf-activity[data-view="scorecard"]' },
  { key: 'suggest', element: '.lf-activity[data-view="suggestions"]' },
  { key: 'compare', element: '.lf-activity[data-view="explorer"]' },
];

/** Starts the tour over the open process (the welcome page steps aside). Closing it at any step ends it for good. */
export function startTour(workbench: Workbench, welcome: WelcomeService): Driver {
  const m = (key: WelcomeMessageKey) => welcome.m(key);
  // The canvas must be visible for the first step: bring the active document to the front.
  if (workbench.documents.active) workbench.editorTabs.activate(undefined);
  const tour = driver({
    showProgress: true,
    progressText: m('tour.progress'),
    nextBtnText: m('tour.next'),
    prevBtnText: m('tour.previous'),
    doneBtnText: m('tour.done'),
    popoverClass: 'lf-tour',
    steps: STEPS.map(({ key, element }, index) => ({
      // A missing element (no document open, a plugin view disabled) shows the step in the middle of the page.
      ...(document.querySelector(element) ? { element } : {}),
      popover: {
        title: m(`tour.${key}.title` as WelcomeMessageKey),
        description: index === STEPS.length - 1 ? `${m(`tour.${key}.text` as WelcomeMessageKey)}<br><br><em>${m('tour.help')}</em>` : m(`tour.${key}.text` as WelcomeMessageKey),
        side: 'right',
      },
    })),
    // Recorded when the tour starts to close (Done, ×, Esc): driver.js calls `onDestroyed` only while it still has an
    // active element, which it may not have on the last step, and the tour must never come back once dismissed.
    onDestroyStarted: () => {
      welcome.setTourState('done');
      tour.destroy();
    },
  });
  tour.drive();
  return tour;
}
