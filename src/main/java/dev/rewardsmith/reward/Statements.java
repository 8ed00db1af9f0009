package dev.rewardsmith.reward;

import com.github.javaparser.Position;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.IdentityHashMap;

/**
 * The statements of a method body: the whitelist of statement kinds, a scope per block and branch, and
 * reachability, so that every path ends in return and nothing follows a return, break or continue. Each check
 * returns whether the statement can complete normally.
 */
final class Statements {

    private final ValidationProblems problems;
    private final Scopes scopes;
    private final ExpressionTypes expressions;
    private final LocalVariables locals;
    private final ComponentPuts components;
    private final LoopBounds loops;
    private final IdentityHashMap<Node, ValueType> types;
    private final IdentityHashMap<Node, Integer> lengths;
    private int loopDepth;

    Statements(
            ValidationProblems problems,
            Scopes scopes,
            ExpressionTypes expressions,
            LocalVariables locals,
            ComponentPuts components,
            LoopBounds loops,
            IdentityHashMap<Node, ValueType> types,
            IdentityHashMap<Node, Integer> lengths) {
        this.problems = problems;
        this.scopes = scopes;
        this.expressions = expressions;
        this.locals = locals;
        this.components = components;
        this.loops = loops;
        this.types = types;
        this.lengths = lengths;
    }

    /** Checks the body of the method being checked, which must not reach its end without returning. */
    void body(MethodDeclaration method) {
        loopDepth = 0;
        if (method.getBody().isEmpty()) {
            problems.report(method, "method " + method.getNameAsString() + " has no body");
            return;
        }
        BlockStmt body = method.getBody().get();
        boolean completes = block(body);
        if (completes && !method.getType().isVoidType()) {
            Position end = body.getEnd().orElse(null);
            problems.reportAt(
                    end,
                    "missing return statement: method " + method.getNameAsString()
                            + " can reach its end without returning a value; every path must end in return");
        }
    }

    private boolean block(BlockStmt block) {
        scopes.push();
        boolean reachable = true;
        boolean reportedUnreachable = false;
        for (Statement statement : block.getStatements()) {
            if (!reachable && !reportedUnreachable) {
                problems.report(statement, "unreachable statement: it follows a return, break or continue; remove it");
                reportedUnreachable = true;
            }
            reachable = statement(statement) && reachable;
        }
        scopes.pop();
        return reachable;
    }

    private boolean statement(Statement statement) {
        if (statement instanceof BlockStmt block) {
            return block(block);
        }
        if (statement instanceof ExpressionStmt expressionStatement) {
            expressionStatement(expressionStatement.getExpression());
            return true;
        }
        if (statement instanceof IfStmt ifStatement) {
            expressions.expect(ifStatement.getCondition(), ValueType.BOOLEAN, "an if condition");
            boolean thenCompletes = branch(ifStatement.getThenStmt());
            if (ifStatement.getElseStmt().isEmpty()) {
                return true;
            }
            boolean elseCompletes = branch(ifStatement.getElseStmt().get());
            return thenCompletes || elseCompletes;
        }
        if (statement instanceof ForStmt forStatement) {
            forLoop(forStatement);
            return true;
        }
        if (statement instanceof ReturnStmt returnStatement) {
            ValueType expected = ProgramChecker.valueType(scopes.method().getType());
            if (scopes.method().getType().isVoidType()) {
                if (returnStatement.getExpression().isPresent()) {
                    expressions.expression(returnStatement.getExpression().get());
                    problems.report(
                            returnStatement,
                            "helper " + scopes.method().getNameAsString() + " returns void; write return; without"
                                    + " a value, or declare it double");
                }
            } else if (returnStatement.getExpression().isEmpty()) {
                problems.report(
                        returnStatement,
                        "return needs a value of type " + scopes.method().getType());
            } else {
                Expression value = returnStatement.getExpression().get();
                expressions.expect(
                        value,
                        expected == null ? ValueType.ERROR : expected,
                        "the return value of " + scopes.method().getNameAsString());
            }
            return false;
        }
        if (statement instanceof EmptyStmt) {
            return true;
        }
        if (statement instanceof BreakStmt breakStatement) {
            if (breakStatement.getLabel().isPresent()) {
                problems.report(breakStatement, "labelled break is not allowed; use break without a label");
            } else if (loopDepth == 0) {
                problems.report(breakStatement, "break outside a for loop; break may only end a for loop");
            }
            return false;
        }
        if (statement instanceof ContinueStmt continueStatement) {
            if (continueStatement.getLabel().isPresent()) {
                problems.report(continueStatement, "labelled continue is not allowed; use continue without a label");
            } else if (loopDepth == 0) {
                problems.report(
                        continueStatement, "continue outside a for loop; continue may only be used in a for loop");
            }
            return false;
        }
        String loopHint =
                "; use for (int i = 0; i < N; i++) with a constant N <= " + ProgramChecker.MAX_LOOP_ITERATIONS;
        if (statement instanceof WhileStmt loop) {
            problems.report(statement, "while loops are not allowed" + loopHint);
            expressions.expect(loop.getCondition(), ValueType.BOOLEAN, "a loop condition");
            loopDepth++;
            branch(loop.getBody());
            loopDepth--;
        } else if (statement instanceof DoStmt loop) {
            problems.report(statement, "do-while loops are not allowed" + loopHint);
            loopDepth++;
            branch(loop.getBody());
            loopDepth--;
            expressions.expect(loop.getCondition(), ValueType.BOOLEAN, "a loop condition");
        } else if (statement instanceof ForEachStmt loop) {
            forEach(loop);
        } else if (statement instanceof LabeledStmt) {
            problems.report(statement, "labels are not allowed; use if/else and plain for loops");
        } else if (statement instanceof SwitchStmt) {
            problems.report(statement, "switch is not allowed; use if/else");
        } else if (statement instanceof TryStmt) {
            problems.report(statement, "try/catch is not allowed: reward programs cannot throw");
        } else if (statement instanceof ThrowStmt) {
            problems.report(statement, "throw is not allowed: return a value instead");
        } else if (statement instanceof SynchronizedStmt) {
            problems.report(statement, "synchronized is not allowed: reward programs share nothing; remove it");
        } else if (statement instanceof AssertStmt) {
            problems.report(statement, "assert is not allowed: reward programs cannot throw; use if/else");
        } else if (statement instanceof LocalClassDeclarationStmt || statement instanceof LocalRecordDeclarationStmt) {
            problems.report(statement, "classes cannot be declared inside a reward program; use helper methods");
        } else {
            problems.report(
                    statement,
                    "statement not allowed: " + ValidationProblems.describe(statement)
                            + "; allowed are local variables, assignments, if/else, bounded for and for-each loops, c.put and return");
        }
        return true;
    }

    /** A branch of an if gets its own scope, like a block. */
    private boolean branch(Statement statement) {
        if (statement instanceof BlockStmt block) {
            return block(block);
        }
        if (statement instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr) {
            problems.report(statement, "a variable declaration needs braces around it here");
            return true;
        }
        scopes.push();
        boolean completes = statement(statement);
        scopes.pop();
        return completes;
    }

    private void expressionStatement(Expression expression) {
        if (expression instanceof VariableDeclarationExpr declaration) {
            locals.declaration(declaration);
        } else if (expression instanceof AssignExpr assignment) {
            locals.assignment(assignment);
        } else if (expression instanceof UnaryExpr unary && Syntax.isIncrement(unary.getOperator())) {
            locals.increment(unary);
        } else if (expression instanceof MethodCallExpr call && components.isComponentsCall(call)) {
            components.check(call);
        } else if (expression instanceof MethodCallExpr call) {
            if (expressions.expression(call) == ValueType.VOID) {
                return;
            }
            problems.report(
                    call,
                    "the value of " + call.getNameAsString() + "(...) is unused; only c.put(\"name\", value)"
                            + " and void helpers may be called as statements");
        } else {
            expressions.expression(expression);
            problems.report(
                    expression,
                    "not a statement: " + ValidationProblems.text(expression)
                            + "; assign it to a variable, record it with c.put or return it");
        }
    }

    /**
     * A for-each loop over a state array (or an alias of one): its variable is a double local holding one element
     * per iteration, so it runs exactly the array's length.
     */
    private void forEach(ForEachStmt loop) {
        scopes.push();
        ValueType iterable = expressions.expression(loop.getIterable());
        int length = expressions.references().arrayLength(loop.getIterable());
        if (iterable != ValueType.ERROR && (iterable != ValueType.ARRAY || length < 0)) {
            problems.report(
                    loop.getIterable(),
                    "a for-each loop goes over a state array such as "
                            + (scopes.stateName() == null ? "s" : scopes.stateName()) + ".arr (or an alias of one);"
                            + " found " + iterable.javaName() + " " + ValidationProblems.text(loop.getIterable()));
        }
        loops.forEach(loop, length);
        lengths.put(loop, Math.max(length, 0));
        VariableDeclarationExpr declaration = loop.getVariable();
        VariableDeclarator variable = declaration.getVariables().get(0);
        ValueType type =
                variable.getType().isVarType() ? ValueType.DOUBLE : ProgramChecker.valueType(variable.getType());
        if (type != ValueType.DOUBLE) {
            problems.report(
                    variable.getType(),
                    "the variable of a for-each loop over a state array is double (or var); found "
                            + variable.getType());
            type = ValueType.ERROR;
        }
        types.put(variable, type);
        scopes.declare(
                variable.getName(),
                variable.getNameAsString(),
                new Local(variable.getNameAsString(), type, declaration.isFinal(), false, null, null));
        loopDepth++;
        if (loop.getBody() instanceof BlockStmt body) {
            block(body);
        } else {
            branch(loop.getBody());
        }
        loopDepth--;
        scopes.pop();
    }

    /** A for loop's header and body share one scope, the scope of its variable. */
    private void forLoop(ForStmt loop) {
        scopes.push();
        boolean checked = loops.header(loop);
        loopDepth++;
        if (!checked) {
            statement(loop.getBody());
        } else if (loop.getBody() instanceof BlockStmt body) {
            block(body);
        } else {
            branch(loop.getBody());
        }
        loopDepth--;
        scopes.pop();
    }
}
