package dev.sundae.chat.tenant;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link Caller} parameter: the endpoint is open to members who are not admitted yet (their
 * own profile, their verification), so the admission check is skipped.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Unadmitted {}
