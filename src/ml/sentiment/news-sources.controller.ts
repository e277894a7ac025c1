import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { uuidParam } from '../../common/validation/uuid-param';
import { JobDto, toJobDto } from '../jobs/dto/job.dto';
import { CreateNewsSourceDto, NewsSourceDto, NewsSourceListDto, SOURCES_TEXT, toNewsSourceDto } from './dto/news-source.dto';
import { FeedsService } from './feeds/feeds.service';
import type { HttpReply } from '../../common/http/http-platform';

@ApiTags('ml')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Roles('admin')
@Controller('api/ml/sources')
export class NewsSourcesController {
  constructor(private readonly feeds: FeedsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an RSS/Atom source (admins); its first poll is due at once', description: SOURCES_TEXT })
  @ApiCreatedResponse({ type: NewsSourceDto })
  @ApiErrors(401, 403, 404, 409, 422, 429)
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateNewsSourceDto): Promise<NewsSourceDto> {
    return toNewsSourceDto(await this.feeds.create(user.id, dto));
  }

  @Get()
  @ApiOperation({ summary: 'The sources with their poll state: next poll, failures, last error (admins)', description: SOURCES_TEXT })
  @ApiOkResponse({ type: NewsSourceListDto })
  @ApiErrors(401, 403, 429)
  async list(): Promise<NewsSourceListDto> {
    return { sources: (await this.feeds.list()).map(toNewsSourceDto) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One source with its poll state (admins)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: NewsSourceDto })
  @ApiErrors(401, 403, 404, 429)
  async get(@Param('id', uuidParam('Source')) id: string): Promise<NewsSourceDto> {
    return toNewsSourceDto(await this.feeds.get(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop polling a source (admins; its items stay)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(401, 403, 404, 429)
  remove(@Param('id', uuidParam('Source')) id: string): Promise<void> {
    return this.feeds.remove(id);
  }

  @Post(':id/poll')
  @HttpCode(202)
  @ApiOperation({ summary: 'Poll a source now, backoff or not (admins): 202 with the poll job (`Location: /api/ml/jobs/{id}`); 409 while a poll runs' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiAcceptedResponse({ type: JobDto, headers: { Location: { description: '/api/ml/jobs/{id}', schema: { type: 'string' } } } })
  @ApiErrors(401, 403, 404, 409, 429)
  async poll(@Param('id', uuidParam('Source')) id: string, @Res({ passthrough: true }) res: HttpReply): Promise<JobDto> {
    const job = await this.feeds.pollNow(id);
    res.header('Location', `/api/ml/jobs/${job.id}`);
    return toJobDto(job);
  }
}
