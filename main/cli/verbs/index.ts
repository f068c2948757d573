import type { Verb } from '../verb';
import { probeVerb } from './probe';
import { volumesVerb } from './volumes';

/** Every CLI verb, in help order. Each issue adds its verbs here. */
export const verbs: Verb[] = [probeVerb, volumesVerb];
