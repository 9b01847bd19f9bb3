import { useEffect } from 'react';
import { replaceRoute } from '../../app/hash-route.ts';

/**
 * The tester has its own page: an old link to the Integrations page's Tools tab
 * (`#/integrations/tools/<server id>`) lands there, on the same server or agent.
 */
export function ToolsMovedRedirect({ focus }: { focus: string | undefined }) {
  useEffect(() => {
    replaceRoute('tools', ...(focus ? focus.split('/') : []));
  }, [focus]);
  return null;
}
