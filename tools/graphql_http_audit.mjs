// The GraphQL-over-HTTP conformance audits of graphql-http (its `serverAudits`) run
// against one endpoint; the results are printed as JSON for tests/test_graphql_http_audit.py.
//
//   node tools/graphql_http_audit.mjs http://127.0.0.1:8000/graphql
//
// One JSON array on stdout: {id, name, status: ok|warn|notice|error, reason, httpStatus}.
// The audits run one after another (not all at once, as `auditServer` does), so a rate
// limit or a slow first request never decides a result. The exit code is 0 whenever the
// audits ran, whatever they found: the caller judges (MUST errors, SHOULD warnings); 2
// means the audits themselves could not run.
import { serverAudits } from 'graphql-http';

async function main(url) {
  const results = [];
  for (const { id, name, fn } of serverAudits({ url, fetchFn: fetch })) {
    try {
      const result = await fn();
      results.push({
        id,
        name,
        status: result.status,
        reason: result.status === 'ok' ? '' : result.reason,
        httpStatus: result.status === 'ok' ? null : (result.response?.status ?? null),
      });
    } catch (err) {
      // An audit throws only on a fatal problem (e.g. the server did not answer).
      results.push({ id, name, status: 'error', reason: `fatal: ${err}`, httpStatus: null });
    }
  }
  return results;
}

const url = process.argv[2];
if (!url) {
  console.error('usage: node tools/graphql_http_audit.mjs URL');
  process.exit(2);
}
main(url).then(
  (results) => console.log(JSON.stringify(results, null, 1)),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
