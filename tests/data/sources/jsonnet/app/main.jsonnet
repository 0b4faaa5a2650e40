// An application in Jsonnet: an ext var, a top-level argument, a relative
// import and one from a library folder.
local labels = import 'labels.libsonnet';
local config = import '../config.json';

function(replicas=1) [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web-' + std.extVar('env'), labels: labels.common },
    spec: {
      replicas: replicas,
      selector: { matchLabels: labels.common },
      template: {
        metadata: { labels: labels.common },
        spec: { containers: [{ name: 'web', image: config.image }] },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web-' + std.extVar('env') },
    spec: { selector: labels.common, ports: [{ port: 80 }] },
  },
]
