package io.snapgrid.node.rest.problem;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

@Singleton
@Produces
@Requires(classes = {ApiProblem.class, ExceptionHandler.class})
final class ProblemHandler implements ExceptionHandler<ApiProblem, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiProblem problem) {
        return ProblemBody.render(request, HttpResponse.status(problem.status()), problem.status(), problem.type(),
                problem.detail(), problem.extensions());
    }
}
