package dev.rewardsmith.reward;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;

/** A call of a helper method, as the expression types found it: who calls whom, and where. */
record CallSite(MethodDeclaration caller, MethodDeclaration callee, MethodCallExpr call) {}
