import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class RegisterDto {
  @ApiProperty({ example: 'user@example.com', maxLength: 254, description: 'Unique, case-insensitively' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'secure_password', minLength: 8, maxLength: 128, writeOnly: true })
  @IsString()
  @Length(8, 128, { message: 'password must be 8 to 128 characters long' })
  password: string;

  @ApiPropertyOptional({ example: 'John', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  first_name?: string;

  @ApiPropertyOptional({ example: 'Doe', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  last_name?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'user@example.com' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'secure_password', writeOnly: true })
  @IsString()
  @MaxLength(1024)
  password: string;
}

export class RefreshDto {
  @ApiPropertyOptional({
    description: 'The refresh token (`ort_…`). May instead be sent as `Authorization: Bearer <token>`.',
    example: 'ort_3q2-7wEvbQ…',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refresh_token?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid', example: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }) id: string;
  @ApiProperty({ example: 'user@example.com' }) email: string;
  @ApiProperty({ example: 'John', nullable: true, type: String }) first_name: string | null;
  @ApiProperty({ example: 'Doe', nullable: true, type: String }) last_name: string | null;
  @ApiProperty({ example: '2024-01-15T10:00:00.000Z', format: 'date-time' }) created_at: string;
}

export class MeDto extends UserDto {
  @ApiProperty({ enum: ['user', 'admin'], description: 'Beyond the seed: the caller role' }) role: 'user' | 'admin';
}

export class TokenDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIs...', description: 'JWT access token' }) access_token: string;
  @ApiProperty({ example: 'bearer', enum: ['bearer'] }) token_type: 'bearer';
  @ApiProperty({ example: 3600, description: 'Seconds until the access token expires' }) expires_in: number;
  @ApiProperty({
    example: 'ort_3q2-7wEvbQ…',
    description: 'Opaque refresh token. Single use: each refresh returns a new one; reusing an old one revokes the session.',
  })
  refresh_token: string;
  @ApiProperty({ example: 2592000, description: 'Seconds until the refresh token expires' }) refresh_expires_in: number;
}

export class LogoutDto extends RefreshDto {}

export class LogoutResultDto {
  @ApiProperty({ example: true }) logged_out: boolean;
}
