// The usual `render` of a side-bar view: create the view's custom element, give it its properties, append it, and
// remove it when the view is closed.
import { toDisposable, type Disposable } from '../base/lifecycle.ts';

/**
 * A view's `render` function that mounts `<tag>` with `properties` assigned.
 *
 * @example
 * workbench.views.register({ id: 'scorecard', ..., render: mountView('lf-scorecard-view', { workbench, controller }) });
 */
export function mountView(tag: string, properties: Readonly<Record<string, unknown>>): (container: HTMLElement) => Disposable {
  return (container) => {
    const element = Object.assign(document.createElement(tag), properties);
    container.append(element);
    return toDisposable(() => element.remove());
  };
}
