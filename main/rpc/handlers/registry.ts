import type { RegistryService } from '../../registry/registry-service.ts';
import type { registryMethods } from '../methods/registry.ts';
import type { HandlersOf } from '../router.ts';

export type RegistryServices = { registry: RegistryService };

export function registryHandlers({ registry }: RegistryServices): HandlersOf<keyof typeof registryMethods> {
  return {
    'registry.settings.get': () => registry.url(),
    'registry.settings.update': ({ url }, { actor }) => registry.setUrl(url, actor),
    'registry.sync.start': ({ registry: url, wait }, { actor }) => (wait ? registry.runSync(url, actor) : registry.startSync(url, actor)),
    'registry.sync.status': ({ registry: url }) => registry.syncStatus(url),
    'registry.search': (input) => registry.search(input),
    'registry.categories': () => registry.categories(),
    'registry.show': ({ name, version, source }) => registry.show(name, version, source),
    'registry.install.plan': (input) => registry.plan(input),
    'registry.install': (input, { actor }) => registry.install(input, actor),
    'registry.installs.list': () => registry.installs(),
    'registry.installs.update': ({ server, values }, { actor }) => registry.update(server, actor, values),
    'registry.sources.list': () => registry.sources(),
    'registry.sources.add': (input, { actor }) => registry.addSource(input, actor),
    'registry.sources.update': (input, { actor }) => registry.updateSource(input, actor),
    'registry.sources.remove': ({ source }, { actor }) => registry.removeSource(source, actor),
    'registry.sources.sync': ({ wait }, { actor }) => registry.syncSources(wait, actor),
  };
}
