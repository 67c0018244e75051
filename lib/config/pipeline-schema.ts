import { z } from 'zod';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** arn:<partition>:codeconnections|codestar-connections:<region>:<account>:connection/<uuid> */
const CONNECTION_ARN_PATTERN = new RegExp(
  `^arn:aws(-[a-z]+)*:(codeconnections|codestar-connections):[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:connection/${UUID}$`,
);

/**
 * The optional CI pipeline of the deployment (CDK Pipelines): where the source comes from and where the
 * pipeline itself runs. Environments are deployed in the order the file lists them; an environment with
 * `requiresApproval: true` waits for a manual approval.
 */
export const pipelineSchema = z
  .strictObject({
    enabled: z.boolean().describe('Synthesize the pipeline stack (`pipeline`).'),
    account: z
      .string()
      .regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id' })
      .optional()
      .describe('Account the pipeline runs in; environments without an account deploy there too.'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as eu-west-1' })
      .optional()
      .describe('Region the pipeline runs in.'),
    source: z
      .strictObject({
        connectionArn: z
          .string()
          // Connections have `codeconnections` ARNs since the service was renamed, `codestar-connections`
          // ARNs before; the id is a UUID (AWS CodeConnections, "Connections rename - Summary of changes",
          // https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html).
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
          .regex(/^[\w.-]+\/[\w.-]+$/, { error: 'must be owner/name' })
          .optional()
          .describe('owner/name of the repository behind connectionArn.'),
        // repositoryName: 1–100 of [\w.-] ("UpdateRepositoryName" and "RepositoryNameIdPair", AWS CodeCommit API Reference).
        codeCommitRepository: z
          .string()
          .regex(/^[\w.-]{1,100}$/, { error: 'must be a CodeCommit repository name' })
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
