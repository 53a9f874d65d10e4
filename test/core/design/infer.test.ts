import { describe, expect, it } from 'vitest';
import { inferKind, type KindInput } from '../../../src/core/design/infer';
import type { ComponentKind, KindSource } from '../../../src/core/design/types';

type Row = [string, KindInput, ComponentKind, KindSource, string?];

describe('inferKind: every rule and keyword of DESIGN.md §2', () => {
  const rows: Row[] = [
    // 1. annotation beats everything
    ['annotation', { id: 'redis', label: 'Redis', shape: 'cylinder', classes: ['database'], annotated: 'queue' }, 'queue', 'annotation', 'annotation kind=queue'],
    // 2. class names
    ['class service', { id: 'api', classes: ['service'] }, 'service', 'class', "class 'service'"],
    ['class load-balancer', { id: 'lb1', classes: ['load-balancer'] }, 'load-balancer', 'class', "class 'load-balancer'"],
    ['class object-store', { id: 'x', classes: ['object-store'] }, 'object-store', 'class'],
    ['class in other case and separators', { id: 'x', classes: ['LoadBalancer'] }, 'load-balancer', 'class', "class 'LoadBalancer'"],
    ['class shorthand db', { id: 'x', classes: ['db'] }, 'database', 'class'],
    ['first class naming a kind wins', { id: 'x', classes: ['highlight', 'cache', 'database'] }, 'cache', 'class', "class 'cache'"],
    ['class beats icon and keywords', { id: 'redis', icon: 'database', classes: ['worker'] }, 'worker', 'class'],
    ['a class that names no kind is ignored', { id: 'x', classes: ['red'], label: 'Kafka' }, 'queue', 'specific-keyword'],
    // 3. architecture icons
    ['icon database', { id: 'x', icon: 'database', label: 'Redis cache' }, 'database', 'icon', "icon 'database'"],
    ['icon server', { id: 'x', icon: 'server' }, 'service', 'icon'],
    ['icon disk', { id: 'x', icon: 'disk' }, 'object-store', 'icon'],
    ['icon internet', { id: 'x', icon: 'internet' }, 'client', 'icon'],
    ['icon cloud goes by label', { id: 'x', icon: 'cloud', label: 'CloudFront' }, 'cdn', 'keyword', "keyword 'CloudFront' in the label"],
    ['icon cloud with nothing else', { id: 'x', icon: 'cloud' }, 'unknown', 'none'],
    ['iconify icon name is searched last', { id: 'x', icon: 'logos:redis' }, 'cache', 'specific-keyword', "keyword 'redis' in the icon 'logos:redis'"],
    // 4. specific keywords
    ['cache', { id: 'x', label: 'Session cache' }, 'cache', 'specific-keyword', "keyword 'cache' in the label"],
    ['Redis', { id: 'x', label: 'Redis' }, 'cache', 'specific-keyword', "keyword 'Redis' in the label"],
    ['Memcached', { id: 'x', label: 'memcached pool' }, 'cache', 'specific-keyword'],
    ['queue', { id: 'x', label: 'Job queue' }, 'queue', 'specific-keyword'],
    ['Kafka', { id: 'x', label: 'Kafka' }, 'queue', 'specific-keyword'],
    ['SQS', { id: 'x', label: 'SQS' }, 'queue', 'specific-keyword'],
    ['RabbitMQ', { id: 'x', label: 'RabbitMQ' }, 'queue', 'specific-keyword'],
    ['Pub/Sub', { id: 'x', label: 'Google Pub/Sub' }, 'queue', 'specific-keyword', "keyword 'Pub/Sub' in the label"],
    ['search', { id: 'x', label: 'Search' }, 'search', 'specific-keyword'],
    ['Elasticsearch', { id: 'x', label: 'Elasticsearch' }, 'search', 'specific-keyword'],
    ['OpenSearch', { id: 'x', label: 'OpenSearch' }, 'search', 'specific-keyword'],
    ['S3', { id: 'x', label: 'S3' }, 'object-store', 'specific-keyword'],
    ['blob', { id: 'x', label: 'Blob store' }, 'object-store', 'specific-keyword'],
    ['object store', { id: 'x', label: 'Object store' }, 'object-store', 'specific-keyword', "keyword 'Object store' in the label"],
    ['object-store as an id', { id: 'media-object-store' }, 'object-store', 'specific-keyword', "keyword 'object-store' in the id"],
    // 4 beats 5: a Redis cache drawn as a cylinder is a cache
    ['Redis cylinder', { id: 'sessions', label: 'Redis', shape: 'cylinder' }, 'cache', 'specific-keyword'],
    ['cache id, cylinder shape', { id: 'cache', label: 'Sessions', shape: 'cylinder' }, 'cache', 'specific-keyword', "keyword 'cache' in the id"],
    // 5. shape
    ['cylinder', { id: 'orders', label: 'Orders', shape: 'cylinder' }, 'database', 'shape', 'drawn as a cylinder'],
    ['@{ shape: cyl }', { id: 'orders', shape: 'cyl' }, 'database', 'shape'],
    ['@{ shape: database }', { id: 'orders', shape: 'database' }, 'database', 'shape'],
    // 5 beats 6: a cylinder named "API" is still a database
    ['cylinder beats other keywords', { id: 'api', label: 'API store', shape: 'cylinder' }, 'database', 'shape'],
    // 6. other keywords
    ['DNS', { id: 'x', label: 'DNS' }, 'dns', 'keyword'],
    ['Route 53', { id: 'x', label: 'Route 53' }, 'dns', 'keyword', "keyword 'Route 53' in the label"],
    ['CDN', { id: 'x', label: 'CDN' }, 'cdn', 'keyword'],
    ['CloudFront', { id: 'x', label: 'CloudFront' }, 'cdn', 'keyword'],
    ['Fastly', { id: 'x', label: 'Fastly' }, 'cdn', 'keyword'],
    ['Akamai', { id: 'x', label: 'Akamai' }, 'cdn', 'keyword'],
    ['LB', { id: 'x', label: 'LB' }, 'load-balancer', 'keyword'],
    ['load balancer', { id: 'x', label: 'Load Balancer' }, 'load-balancer', 'keyword', "keyword 'Load Balancer' in the label"],
    ['ALB', { id: 'x', label: 'ALB' }, 'load-balancer', 'keyword'],
    ['ELB', { id: 'x', label: 'ELB' }, 'load-balancer', 'keyword'],
    ['HAProxy', { id: 'x', label: 'HAProxy' }, 'load-balancer', 'keyword'],
    ['nginx', { id: 'x', label: 'nginx' }, 'load-balancer', 'keyword'],
    ['Envoy', { id: 'x', label: 'Envoy' }, 'load-balancer', 'keyword'],
    ['gateway', { id: 'x', label: 'API Gateway' }, 'gateway', 'keyword', "keyword 'Gateway' in the label"],
    ['Postgres', { id: 'x', label: 'Postgres' }, 'database', 'keyword'],
    ['MySQL', { id: 'x', label: 'MySQL' }, 'database', 'keyword'],
    ['Mongo', { id: 'x', label: 'Mongo' }, 'database', 'keyword'],
    ['Cassandra', { id: 'x', label: 'Cassandra' }, 'database', 'keyword'],
    ['DynamoDB', { id: 'x', label: 'DynamoDB' }, 'database', 'keyword'],
    ['DB', { id: 'x', label: 'Orders DB' }, 'database', 'keyword'],
    ['database', { id: 'x', label: 'Database' }, 'database', 'keyword'],
    ['storage', { id: 'x', label: 'Storage' }, 'object-store', 'keyword'],
    ['user', { id: 'x', label: 'User' }, 'client', 'keyword'],
    ['users', { id: 'x', label: 'Users' }, 'client', 'keyword'],
    ['client', { id: 'x', label: 'Client' }, 'client', 'keyword'],
    ['browser', { id: 'x', label: 'Browser' }, 'client', 'keyword'],
    ['mobile', { id: 'x', label: 'Mobile app' }, 'client', 'keyword', "keyword 'Mobile' in the label"],
    ['worker', { id: 'x', label: 'Worker' }, 'worker', 'keyword'],
    ['monitor', { id: 'x', label: 'Monitor' }, 'monitor', 'keyword'],
    ['Prometheus', { id: 'x', label: 'Prometheus' }, 'monitor', 'keyword'],
    ['Grafana', { id: 'x', label: 'Grafana' }, 'monitor', 'keyword'],
    ['API', { id: 'x', label: 'API' }, 'service', 'keyword'],
    ['app', { id: 'x', label: 'App' }, 'service', 'keyword'],
    ['service', { id: 'x', label: 'Order service' }, 'service', 'keyword'],
    ['server', { id: 'x', label: 'Server' }, 'service', 'keyword'],
    ['web', { id: 'x', label: 'Web' }, 'service', 'keyword'],
    ['plural servers', { id: 'x', label: 'App servers x3' }, 'service', 'keyword'],
    // precedence inside rule 6: the kind listed first in §2 wins
    ['User DB is a database', { id: 'x', label: 'User DB' }, 'database', 'keyword', "keyword 'DB' in the label"],
    ['API Gateway is a gateway', { id: 'x', label: 'API Gateway' }, 'gateway', 'keyword'],
    ['Application Load Balancer', { id: 'x', label: 'Application Load Balancer' }, 'load-balancer', 'keyword'],
    ['Web browser is a client', { id: 'x', label: 'Web browser' }, 'client', 'keyword'],
    // whole words only
    ['dbx is not DB', { id: 'dbx' }, 'unknown', 'none'],
    ['Webhook is not web', { id: 'x', label: 'Webhook' }, 'unknown', 'none'],
    ['Research is not search', { id: 'x', label: 'Research' }, 'unknown', 'none'],
    ['Appliance is not app', { id: 'x', label: 'Appliance' }, 'unknown', 'none'],
    ['Sub alone is not Pub/Sub', { id: 'x', label: 'Sub' }, 'unknown', 'none'],
    // ids as people write them
    ['snake_case id', { id: 'orders_db' }, 'database', 'keyword', "keyword 'db' in the id"],
    ['camelCase id', { id: 'ordersDB' }, 'database', 'keyword', "keyword 'DB' in the id"],
    ['numbered id', { id: 'lb1' }, 'load-balancer', 'keyword', "keyword 'lb1' in the id"],
    ['camelCase specific', { id: 'sessionCache' }, 'cache', 'specific-keyword'],
    ['APIGateway', { id: 'APIGateway' }, 'gateway', 'keyword'],
    ['Route53 in one word', { id: 'route53' }, 'dns', 'keyword'],
    ['label searched before id', { id: 'cache', label: 'Kafka' }, 'cache', 'specific-keyword', "keyword 'cache' in the id"],
    ['several-word keyword continued in a camelCase word', { id: 'x', label: 'Object storeBackup' }, 'object-store', 'specific-keyword', "keyword 'Object store' in the label"],
    ['non-ASCII words around a keyword', { id: 'x', label: 'Größe DB' }, 'database', 'keyword', "keyword 'DB' in the label"],
    ['label wins for the same kind', { id: 'redis', label: 'Session cache' }, 'cache', 'specific-keyword', "keyword 'cache' in the label"],
    // nothing matches
    ['unknown', { id: 'foo', label: 'Something' }, 'unknown', 'none'],
    ['case-insensitive', { id: 'x', label: 'REDIS' }, 'cache', 'specific-keyword'],
  ];

  it.each(rows)('%s', (_name, input, kind, source, reason) => {
    const r = inferKind(input);
    expect(r.kind).toBe(kind);
    expect(r.source).toBe(source);
    if (reason !== undefined) expect(r.reason).toBe(reason);
  });

  it('quotes each keyword as written there, node after node', () => {
    const reasons = [
      inferKind({ id: 'x', label: 'API' }),
      inferKind({ id: 'y', label: 'api' }),
      inferKind({ id: 'api' }),
      inferKind({ id: 'z', label: 'Api' }),
      inferKind({ id: 'x', label: 'API' }),
      inferKind({ id: 'x', icon: 'logos:aws-sqs' }),
      inferKind({ id: 'x', icon: 'logos:aws-s3' }),
      inferKind({ id: 'x', icon: 'logos:aws-sqs' }),
    ].map((r) => r.reason);
    expect(reasons).toEqual([
      "keyword 'API' in the label",
      "keyword 'api' in the label",
      "keyword 'api' in the id",
      "keyword 'Api' in the label",
      "keyword 'API' in the label",
      "keyword 'sqs' in the icon 'logos:aws-sqs'",
      "keyword 's3' in the icon 'logos:aws-s3'",
      "keyword 'sqs' in the icon 'logos:aws-sqs'",
    ]);
  });

  it('explains an unknown kind', () => {
    expect(inferKind({ id: 'foo' }).reason).toMatch(/no class, shape or keyword/);
  });

  it('is not confused by ids that are Object.prototype members', () => {
    for (const id of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
      expect(inferKind({ id, classes: [id] }).kind).toBe('unknown');
    }
  });
});
