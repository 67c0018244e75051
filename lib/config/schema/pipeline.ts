import { z } from 'zod';
import {
  CODECOMMIT_REPOSITORY_NAME_PATTERN,
  CONNECTION_ARN_PATTERN,
  REPOSITORY_FULL_NAME_PATTERN,
} from '../../constructs/private/patterns';
import { accountIdString, regionString } from './strings';

/**
 * The optional CI pipeline of the deployment (CDK Pipelines): where the source comes from and where the
 * pipeline itself runs. Environments are deployed in the order the file lists them; an environment with
 * `requiresApproval: true` waits for a manual approval.
 */
export const pipelineSchema = z
  .strictObject({
    enabled: z.boolean().describe('Synthesize the pipeline stack (`pipeline`).'),
    account: accountIdString()
      .optional()
      .describe('Account the pipeline runs in; environments without an account deploy there too.'),
    region: regionString().optional().describe('Region the pipeline runs in.'),
    source: z
      .strictObject({
        connectionArn: z
          .string()
          .regex(CONNECTION_ARN_PATTERN, {
            error:
              'must be a connection ARN: arn:<partition>:codeconnections:<region>:<account>:connection/<uuid> ' +
              '(or codestar-connections for connections created before the rename)',
          })
          .optional()
          .describe(
            'A CodeConnections connection to GitHub, GitLab or Bitbucket (arn:aws:codeconnections:… or arn:aws:codestar-connections:…); with repository.',
          ),
        repository: z
          .string()
          .regex(REPOSITORY_FULL_NAME_PATTERN, { error: 'must be owner/name' })
          .optional()
          .describe('owner/name of the repository behind connectionArn.'),
        codeCommitRepository: z
          .string()
          .regex(CODECOMMIT_REPOSITORY_NAME_PATTERN, { error: 'must be a CodeCommit repository name' })
          .optional()
          .describe('A CodeCommit repository in the pipeline account, instead of a connection.'),
        branch: z.string().min(1).max(255).describe('Branch whose pushes run the pipeline.'),
      })
      .superRefine((source, context) => {
        const connection = source.connectionArn !== undefined || source.repository !== undefined;
        if (connection && source.codeCommitRepository !== undefined) {
          context.addIssue({
            code: 'custom',
            path: ['codeCommitRepository'],
            message: 'set either connectionArn with repository, or codeCommitRepository, not both',
          });
        } else if (!connection && source.codeCommitRepository === undefined) {
          context.addIssue({
            code: 'custom',
            path: [],
            message: 'needs connectionArn with repository, or codeCommitRepository',
          });
        } else if (connection && (source.connectionArn === undefined || source.repository === undefined)) {
          context.addIssue({
            code: 'custom',
            path: [source.connectionArn === undefined ? 'connectionArn' : 'repository'],
            message: 'connectionArn and repository go together',
          });
        }
      }),
  })
  .describe('CI pipeline (CDK Pipelines) that deploys the environments in order and verifies each.');

export type PipelineSettings = z.infer<typeof pipelineSchema>;
