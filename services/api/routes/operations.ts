import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { CoreContext } from '../../app/context';
import type { OperationService } from '../../operations/operation-service';
import { emptyBodyAsObject, errorResponses, IdParam } from '../schemas/common';
import { CancelBody, ListOperationsQuery, OperationJson } from '../schemas/operation';
import { operationJson } from '../presenters';

export async function operationRoutes(app: Api, opts: { ctx: CoreContext; operations: OperationService }): Promise<void> {
  const { ctx, operations } = opts;
  const tags = ['operations'];

  app.get(
    '/api/operations',
    {
      schema: { tags, querystring: ListOperationsQuery, response: { 200: Type.Array(OperationJson), ...errorResponses } },
    },
    async (request) => {
      const { limit = 50, ...filter } = request.query;
      return (await ctx.repos.operations.list({ ...filter, limit })).map(operationJson);
    },
  );

  app.get(
    '/api/operations/:id',
    {
      schema: { tags, params: IdParam, response: { 200: OperationJson, ...errorResponses } },
    },
    async (request) => operationJson(await operations.get(request.params.id)),
  );

  app.post(
    '/api/operations/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a pending operation, or ask a running one to stop where safe',
        params: IdParam,
        body: CancelBody,
        response: { 200: OperationJson, ...errorResponses },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request) =>
      operationJson(await operations.cancel(actorOf(request), request.params.id, request.body.reason ?? 'cancel requested')),
  );
}
