// <lf-extensions-view>: installed plugins with their state; searching the plugin registry (npm packages with the
// keyword leanflow-plugin) and installing by name; installing from a file or a URL.
import { html, nothing } from 'lit';
import type { Event as WorkbenchEvent } from '../../base/lifecycle.ts';
import { WorkbenchElement } from '../../components/workbench-element.ts';
import { refusedKeybindings } from './contribution-bridge.ts';
import type { RegistryPackage } from '@leanflow/plugin-host';
import { canWatchFolders, pickFolder } from './dev-folder.ts';
import type { PluginInfo, PluginService } from './plugin-service.ts';
import './extensions.css';

export class LfExtensionsView extends WorkbenchElement {
  service!: PluginService;
  private url = '';
  private busy = false;
  private query = '';
  /** The last search: its text and hits, or why it failed; undefined before the first search. */
  private search: { readonly text: string; readonly packages: readonly RegistryPackage[] } | { readonly text: string; readonly error: string } | undefined;
  /** Packages installed from the registry in this session, by package name: their plugin's version. */
  private readonly installedFromRegistry = new Map<string, string>();

  protected override watch(): WorkbenchEvent<unknown>[] {
    return [this.service.onDidChange];
  }

  /** Opens the file picker (the palette's "Install from File…"). */
  pickFiles(): void {
    this.querySelector<HTMLInputElement>('#lf-install-plugin-file')?.click();
  }

  focusUrl(): void {
    this.querySelector<HTMLInputElement>('.lf-extensions-url input')?.focus();
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.requestUpdate();
    try {
      await action();
    } finally {
      this.busy = false;
      this.requestUpdate();
    }
  }

  private async onFiles(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length > 0) await this.run(() => this.service.installFromFiles(files));
  }

  private async onUrl(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const url = this.url.trim();
    if (!url) return;
    await this.run(async () => {
      const result = await this.service.installFromUrl(url);
      if (result.ok) this.url = '';
    });
  }

  private async loadFolder(): Promise<void> {
    await this.run(async () => {
      const folder = await pickFolder(window);
      if (folder) await this.service.loadDevelopmentFolder(folder);
    });
  }

  private async onSearch(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const text = this.query.trim();
    await this.run(async () => {
      const found = await this.service.searchRegistry(text);
      this.search = found.ok ? { text, packages: found.packages } : { text, error: found.message };
    });
  }

  private async installPackage(pkg: RegistryPackage): Promise<void> {
    await this.run(async () => {
      const result = await this.service.installFromRegistry(`${pkg.name}@${pkg.version}`);
      if (result.ok) this.installedFromRegistry.set(pkg.name, pkg.version);
    });
  }

  private renderSearch(): unknown {
    const m = this.service.m.bind(this.service);
    const search = this.search;
    let results: unknown = nothing;
    if (search && 'error' in search) results = html`<p class="lf-extension-error" role="alert">${search.error}</p>`;
    else if (search && search.packages.length === 0) results = html`<p class="lf-plugin-note">${m('extensions.registry.none', { text: search.text })}</p>`;
    else if (search)
      results = html`<ul class="lf-extension-list lf-registry-results">${search.packages.map((pkg) => {
        const installed = this.installedFromRegistry.get(pkg.name);
        return html`<li class="lf-extension" data-package=${pkg.name}>
          <div class="lf-extension-head">
            <span class="lf-extension-name">${pkg.name}</span>
            <span class="lf-extension-version">${pkg.version}</span>
          </div>
          ${pkg.publisher ? html`<div class="lf-extension-publisher">${m('extensions.by', { publisher: pkg.publisher })}</div>` : nothing}
          ${pkg.description ? html`<p class="lf-extension-description">${pkg.description}</p>` : nothing}
          <div class="lf-extension-actions">
            ${installed !== undefined
              ? html`<span class="lf-badge" data-installed>${m('extensions.registry.installedVersion', { version: installed })}</span>`
              : html`<button class="lf-button secondary" data-action="install-package" ?disabled=${this.busy} @click=${() => this.installPackage(pkg)}>${m('extensions.registry.install')}</button>`}
          </div>
        </li>`;
      })}</ul>`;
    return html`<form class="lf-extensions-search" role="search" @submit=${(e: SubmitEvent) => this.onSearch(e)}>
        <input class="lf-input" type="search" aria-label=${m('extensions.registry.search')} placeholder=${m('extensions.registry.placeholder')} .value=${this.query}
          @input=${(e: Event) => {
            this.query = (e.target as HTMLInputElement).value;
          }} />
        <button class="lf-button secondary" type="submit" ?disabled=${this.busy}>${m('extensions.registry.searchButton')}</button>
      </form>
      <p class="lf-plugin-note lf-registry-source">${m('extensions.registry.from', { registry: this.service.registry() })}</p>
      ${results}`;
  }

  private renderPlugin(p: PluginInfo): unknown {
    const m = this.service.m.bind(this.service);
    const state = p.state === 'installed' ? 'inactive' : p.state;
    const disabled = p.state === 'disabled';
    return html`<li class="lf-extension" data-plugin-id=${p.id} data-state=${state}>
      <div class="lf-extension-head">
        <span class="lf-extension-name">${this.service.localizeText(p.name, p.id) ?? p.name}</span>
        <span class="lf-extension-version">${p.version}</span>
        ${p.builtIn ? html`<span class="lf-badge">${m('extensions.builtIn')}</span>` : nothing}
        ${p.development ? html`<span class="lf-badge">${m('extensions.development')}</span>` : nothing}
        <span class="lf-extension-state ${state}">${m(`extensions.state.${p.state}` as 'extensions.state.active')}</span>
      </div>
      <div class="lf-extension-publisher">${m('extensions.by', { publisher: p.publisher })}${
        p.activationTimeMs !== undefined && p.state === 'active' ? html` · ${m('extensions.activationTime', { ms: p.activationTimeMs })}` : nothing
      }</div>
      ${p.watchedFolder !== undefined
        ? html`<p class="lf-extension-watching" data-watching=${p.watchedFolder}>${m('extensions.folder.watching', { folder: p.watchedFolder })}
            <button class="lf-link" data-action="stop-watching" @click=${() => this.service.stopWatching(p.id)}>${m('extensions.folder.stop')}</button></p>`
        : nothing}
      ${p.description ? html`<p class="lf-extension-description">${this.service.localizeText(p.description, p.id) ?? p.description}</p>` : nothing}
      ${p.state === 'crashed' && p.reason ? html`<p class="lf-extension-reason" role="alert">${p.reason}</p>` : nothing}
      ${this.renderRefusedKeybindings(p)}
      ${p.lastError && p.state !== 'crashed' ? html`<p class="lf-extension-error" title=${p.lastError}>${m('extensions.errors', { count: p.errorCount })}: ${p.lastError}</p>` : nothing}
      <div class="lf-extension-actions">
        ${disabled
          ? html`<button class="lf-button secondary" data-action="enable" ?disabled=${this.busy} @click=${() => this.run(() => this.service.enable(p.id))}>${m('extensions.enable')}</button>`
          : html`<button class="lf-button secondary" data-action="disable" ?disabled=${this.busy} @click=${() => this.run(() => this.service.disable(p.id))}>${m('extensions.disable')}</button>
              <button class="lf-button secondary" data-action="restart" ?disabled=${this.busy} @click=${() => this.run(() => this.service.restart(p.id))}>${m('extensions.restart')}</button>`}
        ${p.builtIn ? nothing : html`<button class="lf-button secondary" data-action="uninstall" ?disabled=${this.busy} @click=${() => this.run(() => this.service.uninstall(p.id))}>${m('extensions.uninstall')}</button>`}
      </div>
    </li>`;
  }

  /** Keybindings that would take a core chord: refused, and said so on the plugin. */
  private renderRefusedKeybindings(p: PluginInfo): unknown {
    const manifest = this.service.manifest(p.id);
    const refused = manifest ? refusedKeybindings(manifest) : [];
    return refused.map(
      (r) => html`<p class="lf-extension-warning" role="note" data-refused-keybinding=${r.key}>${this.service.m('extensions.keybindingRefused', { key: r.key, title: r.reserved.title, reserved: r.reserved.key })}</p>`,
    );
  }

  protected override render(): unknown {
    const m = this.service.m.bind(this.service);
    const plugins = this.service.list();
    return html`<div class="lf-extensions">
      <p class="lf-extensions-intro">${m('extensions.intro')}</p>
      ${this.renderSearch()}
      <div class="lf-extensions-install">
        <button class="lf-button" data-action="install-file" ?disabled=${this.busy} @click=${() => this.pickFiles()}>${m('extensions.installFromFile')}</button>
        <input id="lf-install-plugin-file" type="file" accept=".zip,.json,.js,.mjs" multiple hidden @change=${(e: Event) => this.onFiles(e)} />
        ${canWatchFolders(window)
          ? html`<button class="lf-button secondary" data-action="load-folder" ?disabled=${this.busy} @click=${() => this.loadFolder()}>${m('extensions.folder.load')}</button>`
          : nothing}
      </div>
      ${canWatchFolders(window) ? nothing : html`<p class="lf-plugin-note" data-folder-unsupported>${m('extensions.folder.unsupported')}</p>`}
      <form class="lf-extensions-url" @submit=${(e: SubmitEvent) => this.onUrl(e)}>
        <input class="lf-input" type="url" aria-label=${m('extensions.installFromUrl')} placeholder=${m('extensions.url.placeholder')} .value=${this.url}
          @input=${(e: Event) => {
            this.url = (e.target as HTMLInputElement).value;
            this.requestUpdate();
          }} />
        <button class="lf-button secondary" type="submit" ?disabled=${this.busy || this.url.trim() === ''}>${m('extensions.url.install')}</button>
      </form>
      ${plugins.length === 0 ? html`<p class="lf-plugin-note">${m('extensions.empty')}</p>` : html`<ul class="lf-extension-list">${plugins.map((p) => this.renderPlugin(p))}</ul>`}
    </div>`;
  }
}

if (!customElements.get('lf-extensions-view')) customElements.define('lf-extensions-view', LfExtensionsView);
