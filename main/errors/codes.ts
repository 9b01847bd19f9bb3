/**
 * Every error code Crewship Console can produce, at any door: its kind (which decides the HTTP
 * status and the CLI's exit code) and what it means for a person. An AppError takes only a code
 * listed here, and its kind comes from here; docs/errors.md is generated from this table
 * (`npm run docs:errors`).
 */
export type ErrorKind = 'bad_input' | 'not_found' | 'conflict' | 'unauthorized' | 'forbidden' | 'failure';

export interface ErrorCodeEntry {
  kind: ErrorKind;
  /** One line for a person: what happened, in the operator's terms. */
  meaning: string;
  /** Only where the door answers with a status that no kind has (405, 413). */
  httpStatus?: number;
  /** A code only one door makes itself, which the local host never answers with. */
  door?: 'cli' | 'desktop app' | 'console window';
}

const httpStatusByKind: Record<ErrorKind, number> = {
  bad_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  failure: 500,
};

export const errorCodes = {
  // ------------------------------------------------------------ the contract, every door
  internal_error: { kind: 'failure', meaning: 'Something failed inside the console; the details went to its log, not to the caller.' },
  invalid_input: { kind: 'bad_input', meaning: 'The input to an operation does not fit its schema; the message names each field.' },
  unknown_method: { kind: 'not_found', meaning: 'There is no operation by that name in the contract.' },
  core_closed: { kind: 'failure', meaning: 'The console is shutting down and takes no more work.' },

  // ------------------------------------------------------------ the local HTTP host
  token_required: { kind: 'unauthorized', meaning: 'The session token is missing or wrong (the host answers 401; the browser UI has none to send).' },
  host_forbidden: { kind: 'forbidden', meaning: 'The request’s Host header is not this local host (a DNS-rebinding attempt is refused).' },
  origin_forbidden: { kind: 'forbidden', meaning: 'The request comes from another site’s page (its Origin is not this local host).' },
  body_too_large: { kind: 'bad_input', httpStatus: 413, meaning: 'The request body is larger than the host accepts (1 MiB by default).' },
  invalid_json: { kind: 'bad_input', meaning: 'The request body is not valid JSON.' },
  json_too_deep: { kind: 'bad_input', meaning: 'JSON (a request body, `--args`, or a tool result) nests deeper than the console accepts (100 levels).' },
  path_not_found: { kind: 'not_found', meaning: 'The local host serves nothing at that path.' },
  method_not_allowed: { kind: 'bad_input', httpStatus: 405, meaning: 'The HTTP method is not allowed at that path (GET for pages, POST for /rpc).' },
  host_not_loopback: { kind: 'bad_input', meaning: 'The local host was asked to listen on an address other than 127.0.0.1.' },
  host_listen_failed: { kind: 'failure', meaning: 'The local host could not listen on the port (it is taken, or not allowed).' },

  // ------------------------------------------------------------ the CLI
  invalid_option: { kind: 'bad_input', door: 'cli', meaning: 'A command-line option has a value the command cannot use.' },
  invalid_port: { kind: 'bad_input', door: 'cli', meaning: '`crewship serve --port` was given something that is not a port number.' },

  // ------------------------------------------------------------ the desktop app and the console window
  system_picker_unavailable: { kind: 'bad_input', meaning: 'A folder dialog was asked of a console that has none (only the desktop app opens one); type the path instead.' },
  ipc_sender_rejected: { kind: 'forbidden', door: 'desktop app', meaning: 'A call reached the desktop app from something other than its own window, and was refused.' },
  host_unreachable: { kind: 'failure', door: 'console window', meaning: 'The console window could not reach the local host (it stopped, or the address is wrong).' },
  bad_response: { kind: 'failure', door: 'console window', meaning: 'The local host answered the console window with something it does not understand (another version?).' },
  ui_error: { kind: 'failure', door: 'console window', meaning: 'Something failed inside the console window itself.' },

  // ------------------------------------------------------------ the store
  store_unreadable: { kind: 'failure', meaning: 'The database in the data directory could not be opened.' },
  store_schema_too_new: { kind: 'failure', meaning: 'The database was written by a newer Crewship Console; it is not touched.' },
  store_corrupt: { kind: 'failure', meaning: 'The database file exists but is damaged (empty, truncated, not SQLite, or failing its integrity check); it was left untouched: restore a backup.' },
  store_busy: { kind: 'conflict', meaning: 'Another process held the database’s write lock for more than 5 s; nothing was changed; try again.' },
  store_in_use: { kind: 'conflict', meaning: 'A restore was refused because another process (the app, `crewship serve`, a command) has the database open.' },
  backup_target_exists: { kind: 'conflict', meaning: 'The backup file already exists; a backup never overwrites a file.' },
  backup_failed: { kind: 'failure', meaning: 'The backup could not be written (a missing or read-only directory, a full disk).' },
  restore_source_invalid: { kind: 'bad_input', meaning: 'The file to restore is missing, empty, not SQLite, damaged or not a Crewship database; nothing was changed.' },

  // ------------------------------------------------------------ the vault
  vault_wrong_key: { kind: 'failure', meaning: 'The key provider’s key is not the one that created the vault; nothing was changed.' },
  vault_master_key_invalid: { kind: 'bad_input', meaning: 'CREWSHIP_MASTER_KEY is too short to be a master key.' },
  vault_key_file_permissions: { kind: 'failure', meaning: 'The key file may be read by other users, so it is not used.' },
  vault_key_file_missing: { kind: 'failure', meaning: 'The vault exists but the key file that unlocks it does not.' },
  vault_key_file_invalid: { kind: 'failure', meaning: 'The key file does not hold a key (32 random bytes in base64).' },
  vault_key_file_unreadable: { kind: 'failure', meaning: 'The key file could not be read or created.' },
  vault_provider_mismatch: { kind: 'failure', meaning: 'The vault’s data key is wrapped by another key provider than the one this process uses.' },
  vault_value_moved: { kind: 'failure', meaning: 'A sealed secret was copied from another row or column, and is refused.' },
  vault_tampered: { kind: 'failure', meaning: 'A sealed secret failed its integrity check: its bytes were altered.' },
  vault_unknown_key: { kind: 'failure', meaning: 'A secret was sealed with a data key this vault does not have.' },
  vault_malformed: { kind: 'failure', meaning: 'A secret column holds something that is not a sealed value.' },
  vault_binding_invalid: { kind: 'bad_input', meaning: 'A secret must be sealed for a named table, row and column.' },
  vault_column_invalid: { kind: 'bad_input', meaning: 'A sealed column was registered for a table or column that does not exist, or twice differently.' },
  vault_unregistered_sealed_column: { kind: 'failure', meaning: 'Key rotation stopped: some columns hold sealed secrets but are not registered with the vault.' },

  // ------------------------------------------------------------ crews and agents
  crew_not_found: { kind: 'not_found', meaning: 'There is no crew with that id or slug.' },
  crew_slug_taken: { kind: 'conflict', meaning: 'Another crew already has that slug.' },
  crew_slug_invalid: { kind: 'bad_input', meaning: 'The crew’s name gives no usable slug, or the slug given is not lowercase letters, digits and dashes.' },
  crew_not_empty: { kind: 'conflict', meaning: 'The crew still has agents; delete them first or delete the crew with its agents.' },
  agent_not_found: { kind: 'not_found', meaning: 'There is no agent with that id or slug.' },
  agent_slug_taken: { kind: 'conflict', meaning: 'Another agent already has that slug.' },
  agent_slug_invalid: { kind: 'bad_input', meaning: 'The agent’s name gives no usable slug, or the slug given is not lowercase letters, digits and dashes.' },

  // ------------------------------------------------------------ credentials
  credential_not_found: { kind: 'not_found', meaning: 'There is no credential with that id or label.' },
  credential_ambiguous: { kind: 'conflict', meaning: 'Several credentials have that label; name the one you mean by its id.' },
  credential_label_taken: { kind: 'conflict', meaning: 'Another credential already has that label.' },
  credential_secret_required: { kind: 'bad_input', meaning: 'The provider needs a client secret, and none was given.' },
  credential_custom_endpoints_required: { kind: 'bad_input', meaning: 'A custom provider needs at least its authorize URL and token URL.' },
  credential_custom_endpoints_unexpected: { kind: 'bad_input', meaning: 'Endpoints were given for a provider from the catalog, which has its own.' },
  credential_no_refresh_token: { kind: 'bad_input', meaning: 'The credential holds no refresh token, so it cannot be refreshed.' },
  credential_refresh_failed: { kind: 'failure', meaning: 'The provider could not refresh the token just now; the credential is unchanged.' },
  credential_needs_reauth: { kind: 'failure', meaning: 'The provider refused the credential’s refresh token; it must be connected again.' },
  credential_has_no_secret: { kind: 'failure', meaning: 'The credential bound to an MCP server holds no token yet.' },
  credential_token_expired: { kind: 'failure', meaning: 'The credential’s access token expired and it cannot be refreshed.' },

  // ------------------------------------------------------------ OAuth
  oauth_provider_unknown: { kind: 'bad_input', meaning: 'There is no OAuth provider with that id in the catalog.' },
  oauth_redirect_unsupported: { kind: 'bad_input', meaning: 'The provider does not accept the redirect asked for (loopback or crewship://).' },
  oauth_loopback_unavailable: { kind: 'failure', meaning: 'No loopback port on 127.0.0.1 could be opened for the OAuth redirect.' },
  oauth_flow_not_found: { kind: 'not_found', meaning: 'There is no connect attempt with that id.' },
  oauth_flow_cancelled: { kind: 'failure', meaning: 'The connect attempt was cancelled before the browser came back.' },
  oauth_flow_abandoned: { kind: 'failure', meaning: 'The console closed before the sign-in finished.' },
  oauth_flow_timed_out: { kind: 'failure', meaning: 'No answer came back from the browser in time; the sign-in state expired.' },
  oauth_flow_superseded: { kind: 'failure', meaning: 'A newer Connect for the same credential replaced this one.' },
  oauth_callback_missing_state: { kind: 'bad_input', meaning: 'The sign-in answer carries no state, so it matches no connect attempt.' },
  oauth_callback_missing_code: { kind: 'bad_input', meaning: 'The sign-in answer carries neither an authorization code nor an error.' },
  oauth_issuer_missing: { kind: 'bad_input', meaning: 'The sign-in answer has no `iss`, though the provider’s metadata says it always sends one (a possible mix-up attack); nothing was stored.' },
  oauth_state_unknown: { kind: 'bad_input', meaning: 'The sign-in answer belongs to no connect attempt waiting here.' },
  oauth_state_used: { kind: 'conflict', meaning: 'The sign-in answer was already used; each is good for one connection.' },
  oauth_state_expired: { kind: 'bad_input', meaning: 'The sign-in took longer than allowed; its state expired.' },
  oauth_issuer_mismatch: { kind: 'bad_input', meaning: 'The sign-in answer comes from another authorization server than the one asked (RFC 9207).' },
  oauth_access_denied: { kind: 'forbidden', meaning: 'The access was declined at the provider.' },
  oauth_authorization_refused: { kind: 'failure', meaning: 'The provider refused the authorization with an error of its own.' },
  oauth_token_refused: { kind: 'failure', meaning: 'The provider refused to exchange the authorization code for tokens.' },
  oauth_token_http_error: { kind: 'failure', meaning: 'The provider’s token endpoint answered with an HTTP error and no OAuth error.' },
  oauth_token_response_not_json: { kind: 'failure', meaning: 'The provider’s token endpoint answered with something that is not JSON.' },
  oauth_token_response_incomplete: { kind: 'failure', meaning: 'The provider’s token endpoint answered without an access token.' },
  oauth_provider_timeout: { kind: 'failure', meaning: 'The provider did not answer in time.' },
  oauth_provider_unreachable: { kind: 'failure', meaning: 'The provider could not be reached (network, proxy, firewall or address).' },

  // ------------------------------------------------------------ MCP server configs and .mcp.json
  mcp_server_not_found: { kind: 'not_found', meaning: 'There is no MCP server with that id or name.' },
  mcp_server_ambiguous: { kind: 'conflict', meaning: 'Several MCP servers have that name in different scopes; name the one you mean by its id.' },
  mcp_server_name_taken: { kind: 'conflict', meaning: 'The scope already has an MCP server with that name.' },
  mcp_server_managed: { kind: 'conflict', meaning: 'The MCP server is managed by Composio (a binding’s scoped server or the default connector): change the binding or the default connector instead.' },
  mcp_exit_grace_invalid: { kind: 'bad_input', meaning: 'CREWSHIP_MCP_STDIO_EXIT_GRACE_MS is not a whole number of milliseconds.' },
  mcp_injection_mismatch: { kind: 'bad_input', meaning: 'The credential injection does not suit the transport (env for stdio, a header for remote servers).' },
  mcp_json_malformed: { kind: 'bad_input', meaning: 'A .mcp.json file is malformed; the message gives its line and column, and nothing changed.' },
  mcp_placeholder_not_allowed: { kind: 'bad_input', meaning: 'A `${VAR}` placeholder would read a variable that is neither the server’s credential’s nor allowed for that server (or is CREWSHIP_*); nothing was stored or started.' },
  mcp_placeholder_reserved: { kind: 'bad_input', meaning: 'A CREWSHIP_* variable cannot be allowed for an MCP server: the console’s own settings and keys never reach one.' },
  mcp_placeholder_unresolved: { kind: 'bad_input', meaning: 'A ${VAR} placeholder in a server config has no value.' },
  mcp_cwd_missing: { kind: 'bad_input', meaning: 'The working directory of a stdio server does not exist.' },

  // ------------------------------------------------------------ MCP connections (the gateway)
  mcp_server_disabled: { kind: 'conflict', meaning: 'The MCP server is disabled; enable it first.' },
  mcp_server_not_ready: { kind: 'failure', meaning: 'The MCP server is not connected (yet).' },
  mcp_selection_ambiguous: { kind: 'bad_input', meaning: 'A server and an agent were both given; give one of them.' },
  mcp_connect_timeout: { kind: 'failure', meaning: 'The MCP server did not finish initialize within its connect timeout.' },
  mcp_command_not_found: { kind: 'failure', meaning: 'The stdio server’s command was not found.' },
  mcp_command_not_executable: { kind: 'failure', meaning: 'The stdio server’s command is not executable.' },
  mcp_server_exited: { kind: 'failure', meaning: 'The MCP server closed the connection before it was ready.' },
  mcp_unauthorized: { kind: 'failure', meaning: 'The remote MCP server refused its credential (HTTP 401 or 403), also after a renewal.' },
  mcp_http_error: { kind: 'failure', meaning: 'The remote MCP server answered the connection with an HTTP error.' },
  mcp_unreachable: { kind: 'failure', meaning: 'Nothing answers at the remote MCP server’s URL.' },
  mcp_connect_failed: { kind: 'failure', meaning: 'The MCP server could not be connected for another reason; its log says more.' },
  mcp_connection_lost: { kind: 'failure', meaning: 'A ready MCP server’s connection ended; it is reconnected automatically.' },
  mcp_gateway_closed: { kind: 'failure', meaning: 'The MCP gateway is closing and takes no more work.' },

  // ------------------------------------------------------------ MCP tool calls
  mcp_call_not_found: { kind: 'not_found', meaning: 'There is no tool call with that id in the history.' },
  mcp_call_id_taken: { kind: 'conflict', meaning: 'A tool call with that id exists already.' },
  mcp_call_cancelled: { kind: 'failure', meaning: 'The tool call was cancelled (by the operator, or its timeout).' },
  mcp_call_abandoned: { kind: 'failure', meaning: 'The process that ran the tool call stopped before it finished.' },
  mcp_call_timeout: { kind: 'failure', meaning: 'The MCP server did not answer a request in time.' },
  mcp_server_crashed: { kind: 'failure', meaning: 'The MCP server stopped during the request.' },
  mcp_server_error: { kind: 'failure', meaning: 'The MCP server answered the request with a JSON-RPC error of its own (its code and words are in the message); it is still connected.' },
  mcp_tool_invalid_arguments: { kind: 'bad_input', meaning: 'The MCP server refused the arguments of a tool call (JSON-RPC -32602 for a tool it lists).' },
  mcp_tool_not_found: { kind: 'not_found', meaning: 'The MCP server has no such tool (JSON-RPC -32601, or -32602 for a tool it does not list).' },
  mcp_capability_missing: {
    kind: 'conflict',
    meaning: 'The MCP server lists the tool only to a client offering a capability (elicitation, sampling, roots) this console does not offer here.',
  },
  mcp_request_failed: { kind: 'failure', meaning: 'The request to the MCP server failed for another reason; its log and status say more.' },

  // ------------------------------------------------------------ MCP requests for input (elicitation)
  mcp_tool_held: { kind: 'conflict', meaning: 'The tool changed since its definition was accepted, and its server holds changed tools back from agents until the operator accepts them.' },
  mcp_collection_invalid: { kind: 'bad_input', meaning: 'A test collection file is not valid JSON or does not fit the collection schema; the message names each problem and where it is.' },
  mcp_collection_inline_servers: { kind: 'bad_input', meaning: 'The test collection configures its own servers, which only `crewship mcp test` starts (in a console of its own).' },
  mcp_elicitations_off: { kind: 'conflict', meaning: 'This console takes no requests for input from servers (a one-shot command has no one to ask).' },
  mcp_elicitation_not_found: { kind: 'not_found', meaning: 'No request for input with that id is waiting (answered, expired or withdrawn).' },
  mcp_root_invalid: { kind: 'bad_input', meaning: 'A root is neither an absolute directory path nor a file:// URI.' },
  mcp_sampling_off: { kind: 'conflict', meaning: 'This console takes no sampling requests from servers (a one-shot command has no one to write the reply).' },
  mcp_sampling_not_found: { kind: 'not_found', meaning: 'No sampling request with that id is waiting (answered, expired or withdrawn).' },
  mcp_sampling_invalid: { kind: 'bad_input', meaning: 'A sampling reply needs its text and a model name; the request still waits.' },
  mcp_elicitation_invalid: { kind: 'bad_input', meaning: 'The answer does not fit the schema the server asked for; the request still waits.' },

  // ------------------------------------------------------------ Composio
  composio_not_configured: { kind: 'conflict', meaning: 'The workspace has no Composio project key, and COMPOSIO_API_KEY is not set.' },
  composio_key_invalid: { kind: 'bad_input', meaning: 'Composio refused the project key (HTTP 401); a refused key is not stored.' },
  composio_forbidden: { kind: 'failure', meaning: 'Composio accepted the key but refused the request (HTTP 403): the project may not do this.' },
  composio_unreachable: { kind: 'failure', meaning: 'Composio could not be reached (network, proxy, or the base URL); cached data is shown where there is some.' },
  composio_timeout: { kind: 'failure', meaning: 'Composio did not answer in time, also after retrying.' },
  composio_rate_limited: { kind: 'failure', meaning: 'Composio kept answering 429 (too many requests) after the retries with backoff.' },
  composio_server_error: { kind: 'failure', meaning: 'Composio kept failing with a server error (5xx) after the retries with backoff.' },
  composio_request_refused: { kind: 'bad_input', meaning: 'Composio refused the request as invalid (HTTP 400/409/422); its message says why.' },
  composio_bad_response: { kind: 'failure', meaning: 'Composio answered with something the console does not understand.' },
  composio_toolkit_not_found: { kind: 'not_found', meaning: 'There is no app (toolkit) with that slug in the Composio catalog.' },
  composio_auth_config_not_found: { kind: 'not_found', meaning: 'The Composio project has no auth config with that id.' },
  composio_auth_config_invalid: { kind: 'bad_input', meaning: 'An auth config cannot be made this way (a custom OAuth client needs its client id and secret; a managed one is not offered for the app).' },
  composio_account_not_found: { kind: 'not_found', meaning: 'The Composio project has no connected account with that id.' },
  composio_connect_not_found: { kind: 'not_found', meaning: 'There is no connect attempt with that id in this console.' },
  composio_connect_failed: { kind: 'failure', meaning: 'The connected account ended FAILED or EXPIRED (the sign-in was denied or did not finish).' },
  composio_connect_timed_out: { kind: 'failure', meaning: 'The connected account did not become ACTIVE in time.' },
  composio_trigger_type_not_found: { kind: 'not_found', meaning: 'Composio has no trigger type with that slug (or not for the toolkit version in use).' },
  composio_trigger_config_invalid: { kind: 'bad_input', meaning: 'A trigger’s config does not fit its type’s schema (each problem is named); nothing was sent to Composio.' },
  composio_trigger_no_account: { kind: 'conflict', meaning: 'The user has no ACTIVE connected account of the trigger’s app, which a trigger listens on.' },
  composio_trigger_not_found: { kind: 'not_found', meaning: 'The Composio project has no trigger instance with that id.' },
  composio_connect_cancelled: { kind: 'failure', meaning: 'The connect attempt was cancelled before the account became ACTIVE.' },
  composio_binding_other_user: { kind: 'conflict', meaning: 'The agent is bound to another Composio user; binding it to this one needs replace (--replace).' },
  composio_app_not_connected: { kind: 'conflict', meaning: 'The user has no ACTIVE connected account of the app: connect it first.' },
  composio_app_not_in_catalog: { kind: 'not_found', meaning: 'The app is not in the catalog cache, so its tools (and which are read-only) are unknown: refresh the catalog.' },
  composio_app_scope_invalid: { kind: 'bad_input', meaning: 'An app and its scope are written app:read or app:full (for example gmail:read).' },
  composio_scope_empty: { kind: 'bad_input', meaning: 'The scope gives the app no tools (read, for an app with no read-only tool).' },
  composio_binding_not_found: { kind: 'not_found', meaning: 'The agent has no Composio binding (of that app).' },
  composio_default_no_users: { kind: 'conflict', meaning: 'No Composio user has a connected account yet, so the default connector has no one to act for: connect an account first.' },
  composio_default_several_users: { kind: 'conflict', meaning: 'Several Composio users have connected accounts: pin the default connector’s user with default set <user_id>.' },
  composio_default_user_not_connected: { kind: 'conflict', meaning: 'The default connector’s user has no ACTIVE connected account.' },
  composio_endpoint_not_resolved: { kind: 'not_found', meaning: 'The server does not resolve for that agent.' },
  // ------------------------------------------------------------ workspaces
  workspace_not_found: { kind: 'not_found', meaning: 'There is no workspace with that id or slug (`--workspace`, CREWSHIP_WORKSPACE, X-Crewship-Workspace or the call).' },
  workspace_slug_taken: { kind: 'conflict', meaning: 'Another workspace already has that slug.' },
  workspace_slug_invalid: { kind: 'bad_input', meaning: 'The workspace’s name gives no usable slug, or the slug given is not lowercase letters, digits and dashes.' },
  workspace_not_empty: { kind: 'conflict', meaning: 'The workspace still holds crews, agents, MCP servers or credentials; delete them first or delete it with its contents.' },
  workspace_default_kept: { kind: 'conflict', meaning: 'The default workspace can be renamed but not deleted.' },
  // ------------------------------------------------------------ crew connections: messages and shared files
  connection_not_found: { kind: 'not_found', meaning: 'There is no crew connection with that id in the workspace.' },
  connection_self: { kind: 'bad_input', meaning: 'A crew was asked to connect to itself; a connection joins two crews.' },
  connection_exists: { kind: 'conflict', meaning: 'The two crews already have an active connection; use it, or close it first.' },
  connection_closed: { kind: 'conflict', meaning: 'The connection is closed: its messages and files can be read, but nothing more can be sent or written.' },
  connection_crew_not_member: { kind: 'bad_input', meaning: 'The crew named to send or read is not one of the connection’s two crews.' },
  connection_message_not_found: { kind: 'not_found', meaning: 'There is no message with that id on the connection (the `since` of a read).' },
  connection_message_too_large: { kind: 'bad_input', meaning: 'A message’s text is over 64 KiB or its payload over 256 KiB; nothing was sent.' },
  connection_path_invalid: { kind: 'bad_input', meaning: 'A shared file’s path is empty, absolute, has a NUL byte, a backslash or "..", or names a folder; nothing was written.' },
  connection_path_too_long: { kind: 'bad_input', meaning: 'A shared file’s path has a name over 255 bytes or is over 1024 bytes; nothing was written.' },
  connection_path_escapes: { kind: 'forbidden', meaning: 'A shared file’s path leads outside the connection’s folder through a symbolic link; nothing was read or written.' },
  connection_file_not_found: { kind: 'not_found', meaning: 'There is no shared file at that path on the connection.' },
  connection_file_too_large: { kind: 'bad_input', httpStatus: 413, meaning: 'A shared file is over the size limit (10 MiB unless CREWSHIP_SHARED_FILE_MAX_BYTES says otherwise); nothing was written.' },
  connection_file_content_invalid: { kind: 'bad_input', meaning: 'A shared file’s content is not valid base64; nothing was written.' },
  connection_file_limit_invalid: { kind: 'bad_input', meaning: 'CREWSHIP_SHARED_FILE_MAX_BYTES is not a positive whole number of bytes.' },
  // ------------------------------------------------------------ the MCP registry
  registry_unreachable: { kind: 'failure', meaning: 'The registry could not be read (down, slow or not a registry) after retries; the cache still serves, and the next sync goes on from its last page.' },
  registry_request_refused: { kind: 'failure', meaning: 'The registry refused the sync’s request (a 4xx other than 429): the URL is probably not a registry that speaks /v0.1/servers.' },
  registry_sync_running: { kind: 'conflict', meaning: 'Another process is syncing from that registry now.' },
  registry_url_invalid: { kind: 'bad_input', meaning: 'The registry URL is not an http(s) URL.' },
  registry_server_not_found: { kind: 'not_found', meaning: 'The registry cache has no server (or no version) of that name; sync or search first.' },
  registry_server_deleted: { kind: 'conflict', meaning: 'The registry marked that version deleted (usually moderation): it is not installed.' },
  registry_server_json_invalid: { kind: 'bad_input', meaning: 'A server.json does not fit the schema; the message names each problem by its path.' },
  registry_install_target_missing: { kind: 'bad_input', meaning: 'The entry has no package or remote with that number.' },
  registry_package_unsupported: { kind: 'bad_input', meaning: 'That package cannot be run from its config (an unknown registry type, a package that serves HTTP itself, an mcpb bundle without its fileSha256).' },
  registry_bundle_unverified: { kind: 'bad_input', meaning: 'The registry gives no fileSha256 (or not a SHA-256) for that mcpb bundle, so the download could not be checked: it is not installed.' },
  registry_bundle_url_refused: { kind: 'bad_input', meaning: 'The mcpb bundle’s URL (or a redirect) is not https; bundles are downloaded over https only.' },
  registry_bundle_download_failed: { kind: 'failure', meaning: 'The mcpb bundle could not be downloaded (unreachable, an HTTP error, too slow); nothing was kept.' },
  registry_bundle_too_large: { kind: 'failure', meaning: 'The mcpb bundle is larger than the console downloads; nothing was kept.' },
  registry_bundle_hash_mismatch: { kind: 'failure', meaning: 'The downloaded mcpb bundle does not hash to the fileSha256 the registry gives; nothing was kept.' },
  registry_bundle_invalid: { kind: 'failure', meaning: 'The mcpb bundle is not one that can be installed (not a zip, a path outside its folder, no or a bad manifest.json); nothing was kept.' },
  registry_install_input_missing: { kind: 'bad_input', meaning: 'The server needs values (environment variables, arguments, headers, URL variables) that were not given.' },
  registry_install_input_invalid: { kind: 'bad_input', meaning: 'A value given for install does not fit what the entry declares (unknown key, not one of its choices, wrong format).' },
  registry_not_installed: { kind: 'not_found', meaning: 'That MCP server was not installed from the registry, so it has no registry version to update.' },
  registry_source_exists: { kind: 'conflict', meaning: 'A registry source with that URL or name is already listed.' },
  registry_source_not_found: { kind: 'not_found', meaning: 'No registry source has that URL or name; `crewship registry source list` shows them.' },
  registry_source_primary: { kind: 'conflict', meaning: 'The registry URL in use (the official registry, CREWSHIP_REGISTRY_URL or the setting) cannot be removed as a source; disable it, or change the registry URL.' },

  // ------------------------------------------------------------ remote MCP servers that require authorization
  mcp_auth_required: { kind: 'unauthorized', meaning: 'The remote MCP server requires an OAuth sign-in (the MCP authorization spec) that the console does not hold; sign in first.' },
  mcp_auth_insufficient_scope: { kind: 'forbidden', meaning: 'The remote MCP server answered insufficient_scope: the sign-in must be made again with the larger scope set.' },
  mcp_auth_not_applicable: { kind: 'bad_input', meaning: 'Only a remote MCP server without a bound credential signs in with OAuth; a stdio server takes credentials from its environment.' },
  mcp_auth_insecure_url: { kind: 'bad_input', meaning: 'A URL the sign-in would fetch or open is not https (plain http only on 127.0.0.1 or localhost); nothing was sent there.' },
  mcp_auth_discovery_failed: { kind: 'failure', meaning: 'The sign-in could not find the server’s authorization server (protected resource or authorization server metadata).' },
  mcp_auth_issuer_mismatch: { kind: 'failure', meaning: 'An authorization server’s metadata or its answer named another issuer (RFC 8414 §3.3, RFC 9207 mix-up); nothing was stored.' },
  mcp_auth_pkce_unsupported: { kind: 'failure', meaning: 'The authorization server does not advertise PKCE with S256, which the MCP authorization spec requires.' },
  mcp_auth_resource_mismatch: { kind: 'failure', meaning: 'The protected resource metadata describes another resource than the server’s URL.' },
  mcp_auth_registration_failed: { kind: 'failure', meaning: 'The authorization server refused to register the console as a client.' },
  mcp_auth_access_denied: { kind: 'failure', meaning: 'The operator declined the access at the authorization server.' },
  mcp_auth_token_refused: { kind: 'failure', meaning: 'The authorization server refused to issue tokens for the sign-in.' },
  mcp_auth_flow_not_found: { kind: 'not_found', meaning: 'There is no sign-in with that id in this console.' },
  mcp_auth_flow_cancelled: { kind: 'failure', meaning: 'The sign-in was cancelled before the browser came back.' },
  mcp_auth_flow_abandoned: { kind: 'failure', meaning: 'The console closed before the sign-in finished.' },
  mcp_auth_flow_timed_out: { kind: 'failure', meaning: 'No answer came back from the browser in time.' },
  mcp_auth_flow_superseded: { kind: 'failure', meaning: 'A newer sign-in to the same server replaced this one.' },

  // ------------------------------------------------------------ agents' MCP endpoint
  agent_token_required: { kind: 'unauthorized', meaning: 'The agent endpoint was called without an agent token, or with one that is unknown or revoked (401).' },
  agent_token_forbidden: { kind: 'forbidden', meaning: 'The agent token belongs to another agent than the endpoint it was sent to (403).' },
  agent_token_not_found: { kind: 'not_found', meaning: 'The agent has no token with that id.' },
  agent_session_not_found: { kind: 'not_found', meaning: 'The MCP session the agent named is not open on this endpoint (it ended, or the console restarted); initialize again.' },
  agent_tool_not_found: { kind: 'not_found', meaning: 'No tool of that name resolves for the agent (names are `<server>__<tool>`).' },
  agent_approval_not_found: { kind: 'not_found', meaning: 'There is no held call with that id.' },
  agent_approval_answered: { kind: 'conflict', meaning: 'The held call was answered already, or it expired.' },
  agents_port_in_use: { kind: 'failure', meaning: 'The agents’ endpoint could not listen on its port (another program holds it); choose another with --agents-port.' },
} satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCodes, code);
}

export function kindOfCode(code: ErrorCode): ErrorKind {
  return errorCodes[code].kind;
}

export function httpStatusOfCode(code: ErrorCode): number {
  const entry: ErrorCodeEntry = errorCodes[code];
  return entry.httpStatus ?? httpStatusByKind[entry.kind];
}
