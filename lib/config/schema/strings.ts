import { z } from 'zod';
import {
  ACCOUNT_ID_PATTERN,
  REGION_PATTERN,
  RESOURCE_NAME_MESSAGE,
  RESOURCE_NAME_PATTERN,
  S3_URI_PATTERN,
  SECURITY_GROUP_ID_PATTERN,
  SUBNET_ID_PATTERN,
} from '../../constructs/private/patterns';

/** String fields that several sections of the config share, each with its pattern and its message. */

/** A name this project joins into physical names; see RESOURCE_NAME_PATTERN. */
export const resourceName = (maxLength: number) =>
  z.string().max(maxLength).regex(RESOURCE_NAME_PATTERN, { error: RESOURCE_NAME_MESSAGE });

export const s3UriString = () =>
  z.string().regex(S3_URI_PATTERN, { error: 'must be an S3 URI like s3://bucket/key' });

export const accountIdString = () =>
  z.string().regex(ACCOUNT_ID_PATTERN, { error: 'must be a 12-digit AWS account id' });

export const regionString = () =>
  z.string().regex(REGION_PATTERN, { error: 'must be an AWS region such as eu-west-1' });

export const subnetIdsArray = () =>
  z.array(z.string().regex(SUBNET_ID_PATTERN, { error: 'must be a subnet id (subnet-…)' })).min(1);

export const securityGroupIdsArray = () =>
  z
    .array(z.string().regex(SECURITY_GROUP_ID_PATTERN, { error: 'must be a security group id (sg-…)' }))
    .min(1);
