package dev.rewardsmith.task;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a member of a task's source that the context pruner removes before the proposer reads the source
 * (fitness bookkeeping, rendering, anything that would leak the answer or only adds noise).
 */
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.TYPE, ElementType.CONSTRUCTOR})
public @interface HiddenFromContext {}
