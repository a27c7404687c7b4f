import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { BackupService } from '../../backups/backup-service';
import type { RestoreService } from '../../backups/restore-service';
import type { InPlaceRestoreService } from '../../backups/in-place-restore';
import type { Backup } from '../../backups/backup';
import { errorResponses, emptyBodyAsObject, IdOrName, IdParam } from '../schemas/common';
import { OperationJson } from '../schemas/operation';
import { ClusterJson } from '../schemas/cluster';
import { BackupBody, BackupJson, BackupPolicyBody, BackupPolicyJson, ListBackupsQuery, RestoreBody } from '../schemas/backup';
import { clusterJson, operationJson } from '../presenters';
import { recoverableRange } from '../../backups/recoverable-range';
import type { EffectiveBackupPolicy } from '../../backups/backup-policy';
import { InputError } from '../../core/errors';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const backupJson = (b: Backup) => ({
  id: b.id,
  cluster: { id: b.clusterId, name: b.clusterName },
  operationId: b.operationId,
  engine: b.engine,
  kind: b.kind,
  status: b.status,
  scheduled: b.scheduled,
  label: b.label,
  sizeBytes: b.sizeBytes,
  storedBytes: b.storedBytes,
  startedAt: iso(b.startedAt),
  finishedAt: iso(b.finishedAt),
  walStart: b.walStart,
  walStop: b.walStop,
  checksum: b.checksum,
  location: b.location,
  manifest: b.manifest,
  error: b.error,
  requestedBy: b.requestedBy,
  createdAt: b.createdAt.toISOString(),
});

const policyJson = (p: EffectiveBackupPolicy, backups: Backup[], now: Date) => ({
  ...p,
  updatedAt: iso(p.updatedAt),
  recoverableFrom: iso(recoverableRange(backups, now)?.from ?? null),
});

/** Backups of a cluster, its backup policy, and restores into a new cluster. */
export async function backupRoutes(
  app: Api,
  opts: { backups: BackupService; restores: RestoreService; inPlace: InPlaceRestoreService },
): Promise<void> {
  const { backups, restores, inPlace } = opts;
  const tags = ['backups'];

  app.get(
    '/api/clusters/:ref/backups',
    {
      schema: {
        tags,
        summary: 'Backups of the cluster, newest first',
        params: IdOrName,
        querystring: ListBackupsQuery,
        response: { 200: Type.Array(BackupJson), ...errorResponses },
      },
    },
    async (request) => (await backups.list(request.params.ref, request.query.limit)).map(backupJson),
  );

  app.post(
    '/api/clusters/:ref/backups',
    {
      schema: {
        tags,
        summary: 'Back the cluster up now (a background operation); the row fills in when it ends',
        params: IdOrName,
        body: BackupBody,
        response: { 202: Type.Object({ backup: BackupJson, operation: OperationJson }), ...errorResponses },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request, reply) => {
      const result = await backups.request(actorOf(request), request.params.ref, request.body);
      return reply.status(202).send({ backup: backupJson(result.backup), operation: operationJson(result.operation) });
    },
  );

  app.get(
    '/api/backups/:id',
    {
      schema: { tags, summary: 'One backup', params: IdParam, response: { 200: BackupJson, ...errorResponses } },
    },
    async (request) => backupJson(await backups.get(request.params.id)),
  );

  app.get(
    '/api/clusters/:ref/backup-policy',
    {
      schema: {
        tags,
        summary: "The cluster's backup policy (its engine's default until one is set) and the earliest restorable instant",
        params: IdOrName,
        response: { 200: BackupPolicyJson, ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await backups.cluster(request.params.ref);
      const policy = await backups.policy(cluster);
      if (!policy) throw new InputError(`${cluster.engine} cluster ${cluster.name} has nothing to back up`, { engine: cluster.engine });
      return policyJson(policy, await backups.list(cluster.id, 1000), new Date());
    },
  );

  app.put(
    '/api/clusters/:ref/backup-policy',
    {
      schema: {
        tags,
        summary: "Set the cluster's backup policy (the owning team or the platform team)",
        params: IdOrName,
        body: BackupPolicyBody,
        response: { 200: BackupPolicyJson, ...errorResponses },
      },
    },
    async (request) => {
      const policy = await backups.setPolicy(actorOf(request), request.params.ref, request.body);
      return policyJson(policy, await backups.list(request.params.ref, 1000), new Date());
    },
  );

  app.post(
    '/api/clusters/:ref/restore',
    {
      schema: {
        tags,
        summary:
          'Restore a backup (or, for PostgreSQL, a point in time) into a new cluster owned by the requesting team (answers with the clone and its operation), ' +
          "or with inPlace and confirm (the cluster's name) onto the cluster's own nodes (answers with the cluster and the restore_in_place operation)",
        params: IdOrName,
        body: RestoreBody,
        response: { 202: Type.Object({ cluster: ClusterJson, operation: OperationJson }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { body } = request;
      if (!body.inPlace && body.name === undefined)
        throw new InputError(
          'a restore into a new cluster needs its "name"; to restore onto this cluster itself, send "inPlace": true and "confirm"',
          {
            path: 'body/name',
          },
        );
      if (!body.inPlace && body.confirm !== undefined)
        throw new InputError('"confirm" goes with "inPlace": true; a restore into a new cluster needs no confirmation', {
          path: 'body/confirm',
        });
      const result = body.inPlace
        ? await inPlace.restore(actorOf(request), request.params.ref, body)
        : await restores.restore(actorOf(request), request.params.ref, { ...body, name: body.name! });
      return reply.status(202).send({ cluster: clusterJson(result.cluster), operation: operationJson(result.operation) });
    },
  );
}
